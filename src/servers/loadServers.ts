/** Reads every page of the protected-server list of a scope. */
import type { ProtectionServer } from '../hss/serverModel';
import type { ServerScope } from './serverStore';

export interface ServerList {
  readonly items: ProtectionServer[];
  readonly totalNum: number;
  readonly requestIds: string[];
  readonly pages: number;
  readonly complete: boolean;
}

/** The key the pager uses to tell a row seen twice (a list that moved while paged) from a new one. */
export function serverKey(server: ProtectionServer): string {
  return server.hostId ?? `name:${server.hostName ?? ''}|${server.privateIp ?? ''}`;
}

const MAX_PAGES = 1000;

// Interim: page by page until the list ends; replaced by the generic pager once it is in main.
export async function loadAllServers(scope: ServerScope, signal: AbortSignal): Promise<ServerList> {
  const items: ProtectionServer[] = [];
  const requestIds: string[] = [];
  let totalNum = 0;
  let pages = 0;
  for (let offset = 0; pages < MAX_PAGES; offset += scope.pageSize) {
    const page = await scope.source.listProtectionServers(
      { ...scope.query, offset, limit: scope.pageSize },
      signal,
    );
    pages += 1;
    if (page.requestId) requestIds.push(page.requestId);
    totalNum = page.totalNum;
    items.push(...page.items);
    if (page.items.length < scope.pageSize || items.length >= totalNum) {
      return { items, totalNum, requestIds, pages, complete: true };
    }
  }
  return { items, totalNum, requestIds, pages, complete: false };
}
