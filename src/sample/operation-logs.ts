// GET /v5/{project_id}/ransomware/backup/operation-logs, after authentication: project check,
// query validation, paging, then the data faults that distort a page.
import type { SampleTask } from './data';
import { type FaultRequest, type FaultState, hugeMessage, withWrongTypes } from './faults';
import { parseListQuery, selectTasks } from './query';
import { accessDenied, invalidParameter, type Reply } from './reply';
import type { TaskViews } from './taskViews';
import { toOperationLogRow } from './wire';

export interface OperationLogsRequest {
  /** The project id from the path, decoded. */
  projectId: string;
  params: URLSearchParams;
  faultRequest: FaultRequest;
}

export interface OperationLogsContext {
  projectId: string;
  tasks: readonly SampleTask[];
  now: number;
  /** Rows served at most per page, whatever `limit` asks. */
  pageCap?: number;
  /** Each query's selection kept between requests (the server's `viewCache`). */
  views?: TaskViews;
  faults: FaultState;
  /** Names of the faults that fired, for the request log. */
  fired: string[];
}

export function listOperationLogs(request: OperationLogsRequest, context: OperationLogsContext): Reply {
  if (request.projectId.length > 256) {
    return invalidParameter('Invalid parameter: project_id must be 1 to 256 characters');
  }
  if (request.projectId !== context.projectId) {
    // The credentials are scoped to one project; HSS answers other projects as access denied.
    return accessDenied(
      `Access denied: project ${request.projectId} is not accessible with these credentials`,
    );
  }
  const parsed = parseListQuery(request.params);
  if (!parsed.ok) {
    return invalidParameter(parsed.message);
  }
  const { offset } = parsed.query;
  const limit = Math.min(parsed.query.limit, context.pageCap ?? Number.POSITIVE_INFINITY);
  const selected = context.views
    ? context.views.select(context.tasks, parsed.query, context.now)
    : selectTasks(context.tasks, parsed.query, context.now);
  let total: number = selected.length;
  let rows: Record<string, unknown>[] = selected
    .slice(offset, offset + limit)
    .map((task) => ({ ...toOperationLogRow(task) }));

  const take: FaultState['take'] = (name, faultRequest, applies) => {
    const spec = context.faults.take(name, faultRequest, applies);
    if (spec) context.fired.push(name);
    return spec;
  };
  const fr = request.faultRequest;
  if (
    take(
      'emptyPage',
      fr,
      (spec) => spec.atRow === undefined || (spec.atRow >= offset && spec.atRow < offset + limit),
    )
  ) {
    rows = [];
  }
  const huge = take('hugeErrorMessage', fr);
  if (huge && rows[0]) {
    rows[0] = {
      ...rows[0],
      error_info: { code: 'HSS.1003', message: hugeMessage(huge.bytes ?? 1024 * 1024) },
    };
  }
  if (take('wrongTypes', fr)) {
    rows = rows.map(withWrongTypes);
  }
  const lie = take('lieAboutTotal', fr);
  if (lie) {
    total = Math.max(0, total + lie.delta);
  }
  return { status: 200, body: { total_num: total, data_list: rows } };
}
