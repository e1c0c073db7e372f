/**
 * The commands. Each accepts an optional argument, so keybindings, scripts and tests can run it
 * without prompts; without one it asks with a quick pick or an input box.
 */
import * as vscode from 'vscode';
import { isTaskStatus, TASK_STATUSES, type TaskStatus } from '../../hss/model';
import { ALL_ENTERPRISE_PROJECTS, validLastDays } from '../../tasks/filters';
import { countByStatus } from '../../tasks/grouping';
import { serverNameChoices, timeRangeChoices } from '../../tasks/pickers';
import { PROBLEM_STATUSES } from '../../tasks/statusCategories';
import type { ProjectsTreeProvider } from '../projects/projectsTree';
import type { Session } from '../session/session';
import { SETTINGS_QUERY } from '../session/settings';
import { exportModule } from '../shared/lazyParts';
import type { ExtensionLog } from '../shared/log';
import { statusInfo } from '../shared/statusTable';
import { VIEW_ID } from '../shared/viewIds';
import type { GroupMode } from './taskTree';
import { scopeDescription } from './viewMessage';

export interface CommandDeps {
  readonly session: Session;
  readonly tree: ProjectsTreeProvider;
  readonly workspaceState: vscode.Memento;
  readonly log: ExtensionLog;
  readonly showTaskDetails: (taskId: string, project?: string) => void;
  /** Expands the servers that have failures (grouping by server). */
  readonly expandProblemServers?: () => Promise<void>;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { session, log } = deps;
  const allTasks = () => session.slots.flatMap((slot) => slot.store.state.tasks);
  const filters = session.filterState;
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, run);

  return [
    register('hssBackupTasks.refresh', () => session.refresh()),

    register('hssBackupTasks.filterByStatus', async (arg?: unknown) => {
      let statuses: TaskStatus[] | undefined;
      if (Array.isArray(arg)) {
        statuses = arg.filter((s): s is TaskStatus => typeof s === 'string' && isTaskStatus(s));
      } else {
        const tasks = allTasks();
        const counts = countByStatus(tasks);
        const current = new Set(filters.filters.statuses ?? []);
        const picked = await vscode.window.showQuickPick(
          TASK_STATUSES.map((status) => ({
            label: `$(${statusInfo(status).codicon.replace(/~spin$/, '')}) ${statusInfo(status).label}`,
            description: tasks.length ? String(counts[status]) : undefined,
            picked: current.has(status),
            status,
          })),
          {
            canPickMany: true,
            title: vscode.l10n.t('Show Tasks with Status'),
            placeHolder: vscode.l10n.t('Pick the statuses to show (none: all)'),
          },
        );
        if (!picked) return;
        statuses = picked.map((item) => item.status);
      }
      await filters.update({ statuses });
      await session.idle();
    }),

    register('hssBackupTasks.filterByServer', async (arg?: unknown) => {
      let name = typeof arg === 'string' ? arg : undefined;
      if (name === undefined) {
        name = await pickServerName(
          filters.filters.serverName,
          serverNameChoices(allTasks(), vscode.env.language),
        );
        if (name === undefined) return;
      }
      await filters.update({ serverName: name.trim() || undefined });
      await session.idle();
    }),

    register('hssBackupTasks.filterByTimeRange', async (arg?: unknown) => {
      let days = typeof arg === 'number' ? validLastDays(arg) : undefined;
      if (typeof arg === 'number' && days === undefined) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('The time range must be 1 to 30 days, or 0 for all; got {0}.', String(arg)),
        );
        return;
      }
      if (days === undefined) {
        const choices = timeRangeChoices(filters.filters.lastDays, session.settings.lastDays);
        const items = choices.map(({ days: d, current }) => ({
          label:
            d === 0
              ? vscode.l10n.t('No Time Limit')
              : d === 1
                ? vscode.l10n.t('Last 24 hours')
                : vscode.l10n.t('Last {0} days', d),
          description:
            [
              current ? vscode.l10n.t('current') : '',
              d === 0
                ? vscode.l10n.t('last_days not sent: what the service then returns is undocumented')
                : '',
            ]
              .filter(Boolean)
              .join(' · ') || undefined,
          iconPath: current ? new vscode.ThemeIcon('check') : undefined,
          days: d,
        }));
        const picked = await pickOne(
          items,
          vscode.l10n.t('Time Range'),
          items.find((i) => choices[items.indexOf(i)]?.current),
        );
        if (!picked) return;
        days = picked.days;
      }
      await filters.update({ lastDays: days });
      await session.idle();
    }),

    register('hssBackupTasks.selectEnterpriseProject', async (arg?: unknown) => {
      let id = typeof arg === 'string' ? arg : undefined;
      if (id === undefined) {
        const picked = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('Default enterprise project'), description: '0', id: '0' },
            {
              label: vscode.l10n.t('All enterprise projects I may see'),
              description: ALL_ENTERPRISE_PROJECTS,
              id: ALL_ENTERPRISE_PROJECTS,
            },
            { label: vscode.l10n.t('Enter an enterprise project id…'), id: '' },
          ],
          { title: vscode.l10n.t('Enterprise Project') },
        );
        if (!picked) return;
        id = picked.id;
        if (!id) {
          id = await vscode.window.showInputBox({
            title: vscode.l10n.t('Enterprise Project ID'),
            value: filters.filters.enterpriseProjectId ?? '',
            validateInput: (value) =>
              value.trim().length > 256
                ? vscode.l10n.t('An enterprise project id has at most 256 characters.')
                : undefined,
          });
          if (id === undefined) return;
        }
      }
      await filters.update({ enterpriseProjectId: id.trim() || undefined });
      await session.idle();
    }),

    register('hssBackupTasks.clearFilters', async () => {
      await filters.clear();
      await session.idle();
    }),

    register('hssBackupTasks.showFailedTasks', async () => {
      await filters.update({ statuses: [...PROBLEM_STATUSES] });
      await session.idle();
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
      if (deps.tree.groupMode === 'server') await deps.expandProblemServers?.();
    }),

    register('hssBackupTasks.configureProject', async () => {
      await vscode.commands.executeCommand('workbench.action.openSettings', SETTINGS_QUERY);
    }),

    register('hssBackupTasks.showTaskDetails', (arg?: unknown, project?: unknown) => {
      // A task id (and project) from the item's command, or the node from the item's context menu.
      const id =
        typeof arg === 'string'
          ? arg
          : typeof arg === 'object' && arg !== null && 'id' in arg && typeof arg.id === 'string'
            ? arg.id
            : undefined;
      const owner =
        typeof project === 'string'
          ? project
          : typeof arg === 'object' && arg
            ? deps.tree.projectOf(arg)
            : '';
      if (id) deps.showTaskDetails(id, owner);
    }),

    register('hssBackupTasks.groupBy', async (arg?: unknown) => {
      const mode: GroupMode =
        arg === 'status' || arg === 'server' ? arg : deps.tree.groupMode === 'server' ? 'status' : 'server';
      await applyGroupMode(deps, mode);
    }),

    // The view's toolbar shows the one that switches away from the current grouping.
    register('hssBackupTasks.groupByServer', () => applyGroupMode(deps, 'server')),
    register('hssBackupTasks.groupByStatus', () => applyGroupMode(deps, 'status')),

    register('hssBackupTasks.export', (...args: unknown[]) =>
      exportModule().exportTasks(
        allTasks(),
        log,
        args,
        scopeDescription(session, session.filterState.filters),
      ),
    ),

    register('hssBackupTasks.openSampleData', () => session.startSample()),
    register('hssBackupTasks.closeSampleData', () => session.stopSample()),
    register('hssBackupTasks.showLog', () => log.show()),
  ];
}

/** A single-choice quick pick that opens on `active` (showQuickPick cannot). */
function pickOne<T extends vscode.QuickPickItem>(
  items: T[],
  title: string,
  active?: T,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = title;
    pick.items = items;
    if (active) pick.activeItems = [active];
    let chosen: T | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

/**
 * The server names in the list to pick from, and whatever is typed (the API matches part of a
 * name). Resolves to the name ('' for every server), or undefined when dismissed.
 */
function pickServerName(current: string | undefined, names: readonly string[]): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { name: string };
  const everyServer: Item = {
    label: vscode.l10n.t('All servers'),
    iconPath: new vscode.ThemeIcon('clear-all'),
    name: '',
  };
  const known: Item[] = names.map((name) => ({
    label: name,
    name,
    description: name === current ? vscode.l10n.t('current') : undefined,
    iconPath: name === current ? new vscode.ThemeIcon('check') : undefined,
  }));
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = vscode.l10n.t('Filter by Server Name');
    pick.placeholder = vscode.l10n.t('Pick a server, or type part of a name');
    pick.value = current ?? '';
    const update = () => {
      const typed = pick.value.trim();
      const free: Item[] =
        typed && !names.includes(typed)
          ? [
              {
                label: typed,
                name: typed,
                description: vscode.l10n.t('servers whose name contains this'),
                alwaysShow: true,
              },
            ]
          : [];
      pick.items = [...free, ...(current ? [everyServer] : []), ...known];
    };
    update();
    pick.onDidChangeValue(update);
    let chosen: string | undefined;
    pick.onDidAccept(() => {
      const name = pick.selectedItems[0]?.name ?? pick.activeItems[0]?.name ?? pick.value.trim();
      if (name.length > 256) {
        // Kept open with the text, so nothing typed is lost.
        void vscode.window.showWarningMessage(vscode.l10n.t('A server name has at most 256 characters.'));
        return;
      }
      chosen = name;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

const GROUP_MODE_KEY = 'hssBackupTasks.groupBy';

/** Applies the grouping kept in workspace state (at start) or a new one (from the command). */
export async function applyGroupMode(
  deps: Pick<CommandDeps, 'tree' | 'workspaceState'>,
  mode?: GroupMode,
): Promise<void> {
  const chosen =
    mode ?? (deps.workspaceState.get<unknown>(GROUP_MODE_KEY) === 'server' ? 'server' : 'status');
  deps.tree.setGroupMode(chosen);
  await deps.workspaceState.update(GROUP_MODE_KEY, chosen);
  await vscode.commands.executeCommand('setContext', 'hssBackupTasks.groupBy', chosen);
}
