/**
 * Reads every page of the protected-server list of a scope, through the generic complete-list
 * pager (the same one as the task list: page size in effect, a list that moves, a bound).
 */

import type { ProtectionServerQuery, ProtectionServerRequest, ProtectionServerResult } from '../hss/client';
import { readAllPages } from '../hss/pager';
import type { ProtectionServer } from '../hss/serverModel';

/** The part of the HSS client the store needs. */
export interface ServerListSource {
  listProtectionServers(
    request: ProtectionServerRequest,
    signal?: AbortSignal,
  ): Promise<ProtectionServerResult>;
}

export interface ServerScope {
  /** Identifies the project and filters; another scope's list is never shown as this one's. */
  readonly key: string;
  readonly source: ServerListSource;
  readonly query: ProtectionServerQuery;
  readonly pageSize: number;
  readonly concurrency: number;
}

export interface ServerList {
  readonly items: ProtectionServer[];
  readonly totalNum: number;
  readonly requestIds: string[];
  readonly pages: number;
  /** Set when the list may be incomplete: why (the pager's own words). */
  readonly problem?: string;
}

/**
 * A server's identity for the pager: two readings of one place must agree on it. The host id;
 * without one, the name and private IP (a server the API sent without an id).
 */
export function serverKey(server: ProtectionServer): string {
  return server.hostId ?? `name:${server.hostName ?? ''}|${server.privateIp ?? ''}`;
}

export async function loadAllServers(scope: ServerScope, signal: AbortSignal): Promise<ServerList> {
  const result = await readAllPages<ProtectionServer>(
    (window, pageSignal) => scope.source.listProtectionServers({ ...scope.query, ...window }, pageSignal),
    { pageSize: scope.pageSize, concurrency: scope.concurrency, signal, key: serverKey },
  );
  return {
    items: result.items,
    totalNum: result.totalNum,
    requestIds: result.requestIds,
    pages: result.pages,
    problem: result.problem,
  };
}
