/**
 * Which projects the view shows, decided from the settings alone (no VS Code): the sample server,
 * the projects of `HSS.projects`, or the one project of the region/endpoint settings.
 */
export interface SessionTarget {
  readonly kind: 'cloud' | 'sample';
  /** The project's name from `HSS.projects`, when several are shown. */
  readonly name?: string;
  readonly enterpriseProjectId?: string;
  /** "cn-north-4", or "sample data". */
  readonly label: string;
  readonly endpoint: URL;
  readonly projectId: string;
  readonly region?: string;
}

/** Where a cloud project is, as the settings or a `projects` entry say. */
export interface ProjectPlace {
  readonly endpoint: URL;
  readonly explicitEndpoint: boolean;
  readonly region: string;
  readonly projectId: string;
  readonly enterpriseProjectId?: string;
}

export function cloudTarget(place: ProjectPlace, name?: string): SessionTarget {
  return {
    kind: 'cloud',
    name,
    label: place.explicitEndpoint ? place.endpoint.host : place.region,
    endpoint: place.endpoint,
    projectId: place.projectId,
    // An explicit endpoint may be anywhere: no region, so no console link is guessed.
    region: place.explicitEndpoint ? undefined : place.region,
    enterpriseProjectId: place.enterpriseProjectId,
  };
}

/** What the targets are decided from: the parts of the settings that name projects. */
export interface TargetSettings {
  readonly region: string;
  readonly explicitEndpoint: boolean;
  readonly endpoint?: URL;
  readonly projectId?: string;
  readonly enterpriseProjectId?: string;
  readonly projects: readonly (ProjectPlace & { readonly name: string })[];
}

export interface TargetInputs {
  readonly settings: TargetSettings;
  /** The sample server shown instead of any project. */
  readonly sample?: { readonly url: string; readonly projectId: string; readonly label: string };
  /** A project id a credential source knows, when the settings name none. */
  readonly discoveredProjectId?: string;
}

/** What to show: the sample server, several projects, or the one project of the settings. */
export function targetsOf({ settings, sample, discoveredProjectId }: TargetInputs): SessionTarget[] {
  if (sample) {
    return [
      { kind: 'sample', label: sample.label, endpoint: new URL(sample.url), projectId: sample.projectId },
    ];
  }
  if (settings.projects.length > 1)
    return settings.projects.map((project) => cloudTarget(project, project.name));
  const [only] = settings.projects;
  if (only) return [cloudTarget(only)];
  const projectId = settings.projectId ?? discoveredProjectId;
  if (settings.endpoint && projectId) {
    return [cloudTarget({ ...settings, endpoint: settings.endpoint, projectId })];
  }
  return [];
}

/** Whether a project id should be asked of the credential sources: one project, its id not set. */
export function needsDiscoveredProjectId(settings: TargetSettings, showingSample: boolean): boolean {
  return (
    !showingSample && settings.endpoint !== undefined && !settings.projectId && settings.projects.length === 0
  );
}
