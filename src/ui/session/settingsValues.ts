/**
 * The extension's settings, checked, without VS Code: a bad value never reaches a request; it is
 * reported by name with the reason (in the words the adapter, settings.ts, translates), and the
 * built-in default is used instead where one exists.
 */
import { MAX_PAGE_SIZE, MIN_PAGE_SIZE } from '../../hss/client';
import { resolveEndpoint } from '../../hss/endpoint';
import { HssError } from '../../hss/errors';

/** The settings' section: VS Code titles `HSS.endpoint` "HSS: Endpoint" (see renamedSettings.ts). */
export const SECTION = 'HSS';
/** The Settings editor's query for this extension's settings (every section, none of the old keys). */
export const SETTINGS_QUERY = '@ext:hss-backup-tasks.hss-backup-tasks';

export interface Settings {
  readonly region: string;
  readonly projectId?: string;
  /** Resolved from the region or the explicit endpoint; absent when neither is usable. */
  readonly endpoint?: URL;
  /** Whether the endpoint was set explicitly (then the region names no console or IAM). */
  readonly explicitEndpoint: boolean;
  /** IAM for sign-in: the explicit signInEndpoint, else the region's IAM. */
  readonly iamEndpoint?: URL;
  /** Whether signInEndpoint was set explicitly (then it serves every region). */
  readonly explicitIamEndpoint: boolean;
  readonly enterpriseProjectId?: string;
  readonly lastDays?: number;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly requestTimeoutMs: number;
  readonly statusBarEnabled: boolean;
  readonly statusBarShowZero: boolean;
  /** 0: off. */
  readonly autoRefreshMs: number;
  readonly notifications: 'failures' | 'all' | 'off';
  /** Several projects at once (`HSS.projects`); empty for the single project above. */
  readonly projects: readonly ProjectConfig[];
  /** One line per bad setting: which and why. */
  readonly problems: readonly string[];
}

export interface ProjectConfig {
  readonly name: string;
  readonly region: string;
  readonly projectId: string;
  readonly endpoint: URL;
  readonly explicitEndpoint: boolean;
  readonly enterpriseProjectId?: string;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

/** What a bad setting is told with; each gets the setting's full key ("HSS.pageSize"). */
export interface SettingProblemWords {
  wholeNumber(key: string, min: number, max: number, fallback: number): string;
  text(key: string): string;
  notUsable(key: string, reason: string): string;
  projectId(key: string): string;
  notificationLevel(key: string): string;
  projectList(key: string): string;
  projectEntry(key: string): string;
  projectNameTwice(key: string, name: string): string;
}

/** Reads every setting through `get` (a key without the section: "pageSize"). */
export function parseSettings(get: (key: string) => unknown, words: SettingProblemWords): Settings {
  const problems: string[] = [];

  const integer = (key: string, bounds: Bounds): number => {
    const value = get(key);
    if (value === undefined || value === null) return bounds.fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min || value > bounds.max) {
      problems.push(words.wholeNumber(`${SECTION}.${key}`, bounds.min, bounds.max, bounds.fallback));
      return bounds.fallback;
    }
    return value;
  };
  const text = (key: string): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      problems.push(words.text(`${SECTION}.${key}`));
      return undefined;
    }
    return value.trim() || undefined;
  };

  const region = text('region') ?? 'cn-north-4';
  const explicitEndpoint = text('endpoint');
  let endpoint: URL | undefined;
  try {
    endpoint = resolveEndpoint({ region, endpoint: explicitEndpoint });
  } catch (error) {
    const key = explicitEndpoint ? 'endpoint' : 'region';
    const reason = error instanceof HssError ? error.message : String(error);
    problems.push(words.notUsable(`${SECTION}.${key}`, reason));
  }

  const explicitIam = text('signInEndpoint');
  let iamEndpoint: URL | undefined;
  try {
    iamEndpoint = resolveEndpoint({ region, endpoint: explicitIam }, 'iam');
  } catch (error) {
    if (explicitIam) {
      const reason = error instanceof HssError ? error.message : String(error);
      problems.push(words.notUsable(`${SECTION}.signInEndpoint`, reason));
    }
  }

  let projectId = text('projectId');
  if (projectId !== undefined && (projectId.length > 256 || /[/?#\s]/.test(projectId))) {
    projectId = undefined;
    problems.push(words.projectId(`${SECTION}.projectId`));
  }
  // 0 means every task the API keeps.
  const lastDays = integer('lastDays', { min: 0, max: 30, fallback: 7 });
  return {
    region,
    projectId,
    endpoint,
    explicitEndpoint: explicitEndpoint !== undefined,
    iamEndpoint,
    explicitIamEndpoint: explicitIam !== undefined,
    enterpriseProjectId: text('enterpriseProjectId'),
    lastDays: lastDays === 0 ? undefined : lastDays,
    pageSize: integer('pageSize', { min: MIN_PAGE_SIZE, max: MAX_PAGE_SIZE, fallback: MAX_PAGE_SIZE }),
    concurrency: integer('concurrency', { min: 1, max: 16, fallback: 4 }),
    requestTimeoutMs: integer('requestTimeoutSeconds', { min: 1, max: 300, fallback: 30 }) * 1000,
    statusBarEnabled: get('statusBar.enabled') !== false,
    statusBarShowZero: get('statusBar.showWhenZero') !== false,
    autoRefreshMs: integer('autoRefreshSeconds', { min: 0, max: 3600, fallback: 15 }) * 1000,
    notifications: notificationLevel(get('notifications'), problems, words),
    projects: readProjects(get('projects'), region, problems, words),
    problems,
  };
}

function notificationLevel(
  value: unknown,
  problems: string[],
  words: SettingProblemWords,
): Settings['notifications'] {
  if (value === undefined || value === null) return 'failures';
  if (value === 'failures' || value === 'all' || value === 'off') return value;
  problems.push(words.notificationLevel(`${SECTION}.notifications`));
  return 'failures';
}

/** `HSS.projects`: each entry checked; a bad one is named and left out, not guessed. */
function readProjects(
  value: unknown,
  defaultRegion: string,
  problems: string[],
  words: SettingProblemWords,
): ProjectConfig[] {
  if (value === undefined || value === null) return [];
  const key = `${SECTION}.projects`;
  if (!Array.isArray(value)) {
    problems.push(words.projectList(key));
    return [];
  }
  const projects: ProjectConfig[] = [];
  value.forEach((entry: unknown, index) => {
    const where = `${key}[${index}]`;
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const text = (field: string) => (typeof record[field] === 'string' ? String(record[field]).trim() : '');
    const name = text('name');
    const projectId = text('projectId');
    const region = text('region') || defaultRegion;
    if (!name || !projectId || /[/?#\s]/.test(projectId) || projectId.length > 256) {
      problems.push(words.projectEntry(where));
      return;
    }
    if (projects.some((project) => project.name === name)) {
      problems.push(words.projectNameTwice(where, name));
      return;
    }
    try {
      const endpoint = resolveEndpoint({ region, endpoint: text('endpoint') || undefined });
      projects.push({
        name,
        region,
        projectId,
        endpoint,
        explicitEndpoint: text('endpoint') !== '',
        enterpriseProjectId: text('enterpriseProjectId') || undefined,
      });
    } catch (error) {
      const reason = error instanceof HssError ? error.message : String(error);
      problems.push(words.notUsable(where, reason));
    }
  });
  return projects;
}
