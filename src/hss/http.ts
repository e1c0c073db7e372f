/**
 * node-fetch, loaded with the first request instead of with the extension: its module graph
 * (streams, blobs, form data) is most of the bundle's start-up, and activation should not wait
 * for it. The first load starts right after activation anyway.
 */
import type { RequestInit, Response } from 'node-fetch';

let loading: Promise<typeof import('node-fetch')> | undefined;

export async function httpFetch(url: string, init: RequestInit): Promise<Response> {
  loading ??= import('node-fetch');
  const { default: fetch } = await loading;
  return fetch(url, init);
}
