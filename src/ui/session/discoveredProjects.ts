/**
 * The project id a credential source last named for each endpoint, kept in machine-wide state
 * (a project id is no secret: it is in every request's path). A window opening reads that
 * project's kept list while the sources are asked again; what they name then is what counts.
 */

/** The part of a vscode.Memento this needs. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const DISCOVERED_KEY = 'hssBackupTasks.discoveredProjectIds';

function entries(memory: MementoLike): Record<string, unknown> {
  const value = memory.get<unknown>(DISCOVERED_KEY);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The id remembered for the endpoint; undefined for none, or for anything but a non-empty string. */
export function rememberedProjectId(memory: MementoLike | undefined, endpoint: URL): string | undefined {
  if (!memory) return undefined;
  const value = entries(memory)[endpoint.href];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Remembers what the sources named for the endpoint (undefined: nothing, so the entry goes). Writes
 * only when that changed; the other endpoints' entries stay.
 */
export async function rememberProjectId(
  memory: MementoLike | undefined,
  endpoint: URL,
  projectId: string | undefined,
): Promise<void> {
  if (!memory || rememberedProjectId(memory, endpoint) === projectId) return;
  const next = { ...entries(memory) };
  if (projectId === undefined) delete next[endpoint.href];
  else next[endpoint.href] = projectId;
  await memory.update(DISCOVERED_KEY, next);
}
