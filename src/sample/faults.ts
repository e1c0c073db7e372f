// Faults a test or a demo switches on to see how the client copes. Each scoped fault fires on every
// matching request, or on the next `times` matching requests only, and by default matches
// operation-logs requests only, so a client's IAM login is not disturbed unless asked for.

export type RouteName =
  | 'operation-logs'
  | 'protection-servers'
  | 'iam-tokens'
  | 'iam-projects'
  | 'metadata-token'
  | 'metadata-securitykey'
  | 'unknown';

/** What a fault's `match` predicate sees of a request. */
export interface FaultRequest {
  route: RouteName;
  method: string;
  path: string;
  query: Readonly<Record<string, string>>;
  /** 1 for the first request this server received. */
  sequence: number;
}

export interface FaultScope {
  /** Fire on the next N matching requests only. Omit to fire on every matching request. */
  times?: number;
  /** Which requests the fault applies to. Default: `route === 'operation-logs'`. */
  match?: (request: FaultRequest) => boolean;
}

export interface Faults {
  /** Delay before anything else happens. */
  latency?: FaultScope & { ms: number };
  /** 429 APIGW.0308 with `Retry-After: retryAfterSeconds` (default 2), or no header if `omitRetryAfter`. */
  throttle?: FaultScope & { retryAfterSeconds?: number; omitRetryAfter?: boolean };
  /** A 5xx with a gateway-style JSON body; status default 503. */
  serverError?: FaultScope & { status?: 500 | 502 | 503 | 504 };
  /** The socket is destroyed before any response byte. */
  dropConnection?: FaultScope;
  /** Headers (with the full Content-Length) and `bytes` of the body (default half), then the socket is destroyed. */
  truncateBody?: FaultScope & { bytes?: number };
  /** A complete HTTP response whose JSON body is cut in half. */
  malformedJson?: FaultScope;
  /** Rows with `process` as a string, `host_name` as a number and `error_info` as a string. */
  wrongTypes?: FaultScope;
  /** `total_num` off by `delta` (positive: more than exist; negative: fewer, floored at 0). */
  lieAboutTotal?: FaultScope & { delta: number };
  /**
   * An empty `data_list` (with the true `total_num`); if `atRow` is given, only for a page that would
   * hold that row (so the fault follows the row whatever offsets the client pages by).
   */
  emptyPage?: FaultScope & { atRow?: number };
  /** The first row of the page gets an error message of `bytes` (default 1 MiB). */
  hugeErrorMessage?: FaultScope & { bytes?: number };
  /** After the `afterPages`-th served page (default 1), `count` new tasks appear at the top. Fires once. */
  tasksArrive?: { afterPages?: number; count: number };
  /** Every token valid now is accepted for N more requests, then answers 401 (expired). New tokens are unaffected. */
  tokenExpiresAfter?: number;
}

export type ScopedFaultName = Exclude<keyof Faults, 'tasksArrive' | 'tokenExpiresAfter'>;
type ScopedFault<K extends ScopedFaultName> = NonNullable<Faults[K]>;

const defaultMatch = (request: FaultRequest): boolean => request.route === 'operation-logs';

export class FaultState {
  private faults: Faults = {};
  private readonly remaining = new Map<ScopedFaultName, number>();
  private pagesServed = 0;

  constructor(faults: Faults = {}) {
    this.set(faults);
  }

  /** Replaces every fault; counters start again. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.remaining.clear();
    this.pagesServed = 0;
    for (const [name, spec] of Object.entries(faults) as [keyof Faults, Faults[keyof Faults]][]) {
      if (typeof spec === 'object' && spec !== null && 'times' in spec && spec.times !== undefined) {
        this.remaining.set(name as ScopedFaultName, spec.times);
      }
    }
  }

  get current(): Readonly<Faults> {
    return this.faults;
  }

  /**
   * The fault's settings if it fires for this request (using up one of its `times`), else undefined.
   * `applies` narrows further with the fault's own settings (e.g. emptyPage's offset).
   */
  take<K extends ScopedFaultName>(
    name: K,
    request: FaultRequest,
    applies: (spec: ScopedFault<K>) => boolean = () => true,
  ): ScopedFault<K> | undefined {
    const spec = this.faults[name] as ScopedFault<K> | undefined;
    if (!spec || !(spec.match ?? defaultMatch)(request) || !applies(spec)) {
      return undefined;
    }
    const left = this.remaining.get(name);
    if (left !== undefined) {
      if (left <= 0) {
        return undefined;
      }
      this.remaining.set(name, left - 1);
    }
    return spec;
  }

  /** Call after each served page; returns how many tasks arrive now, if any. */
  pageServed(): number | undefined {
    this.pagesServed++;
    const arrive = this.faults.tasksArrive;
    if (!arrive || this.pagesServed !== (arrive.afterPages ?? 1)) {
      return undefined;
    }
    this.faults = { ...this.faults, tasksArrive: undefined };
    return arrive.count;
  }
}

/** The `wrongTypes` fault: the types a loosely typed backend might really send. */
export function withWrongTypes(row: Record<string, unknown>, index: number): Record<string, unknown> {
  const wrong: Record<string, unknown> = { ...row, process: String(row.process ?? '50') };
  wrong.host_name = 404 + index;
  if (index === 0) {
    wrong.error_info = 'none';
  }
  return wrong;
}

export function hugeMessage(bytes: number): string {
  const line = 'Backup agent stack trace: at com.huawei.hss.backup.Worker.run(Worker.java:218)\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}
