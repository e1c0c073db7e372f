// Which API a request is for. Anything else is the gateway's 404 (APIGW.0101), checked before
// authentication as the real gateway does.
import type { RouteName } from './faults';

export interface Route {
  name: RouteName;
  /** Decoded project id from an operation-logs or protection-servers path. */
  projectId?: string;
}

const OPERATION_LOGS_PATH = /^\/v5\/([^/]+)\/ransomware\/backup\/operation-logs$/;
const PROTECTION_SERVERS_PATH = /^\/v5\/([^/]+)\/ransomware\/server$/;

export function routeOf(method: string, rawPath: string): Route {
  const logs = OPERATION_LOGS_PATH.exec(rawPath);
  if (logs && method === 'GET') {
    try {
      return { name: 'operation-logs', projectId: decodeURIComponent(logs[1] ?? '') };
    } catch {
      return { name: 'unknown' };
    }
  }
  const servers = PROTECTION_SERVERS_PATH.exec(rawPath);
  if (servers && method === 'GET') {
    try {
      return { name: 'protection-servers', projectId: decodeURIComponent(servers[1] ?? '') };
    } catch {
      return { name: 'unknown' };
    }
  }
  if (rawPath === '/v3/auth/tokens' && method === 'POST') {
    return { name: 'iam-tokens' };
  }
  if (rawPath === '/v3/projects' && method === 'GET') {
    return { name: 'iam-projects' };
  }
  if (rawPath === '/meta-data/latest/api/token' && method === 'PUT') {
    return { name: 'metadata-token' };
  }
  if (rawPath === '/openstack/latest/securitykey' && method === 'GET') {
    return { name: 'metadata-securitykey' };
  }
  return { name: 'unknown' };
}
