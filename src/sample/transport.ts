// Reading request bodies and writing replies, including the transport-level faults that only make
// sense at the socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Reply, renderBody } from './reply';

export type Transport = { kind: 'normal' } | { kind: 'malformed' } | { kind: 'truncate'; bytes?: number };

export function sendReply(res: ServerResponse, reply: Reply, requestId: string, transport: Transport): void {
  let body = Buffer.from(reply.text ?? JSON.stringify(renderBody(reply, requestId)), 'utf8');
  if (transport.kind === 'malformed') {
    // Cut mid-document: a well-formed HTTP message whose JSON does not parse.
    body = body.subarray(0, Math.max(1, Math.floor(body.length / 2)));
  }
  res.writeHead(reply.status, {
    'Content-Type': reply.text === undefined ? 'application/json;charset=UTF-8' : 'text/plain;charset=UTF-8',
    'Content-Length': String(body.length),
    'X-Request-Id': requestId,
    ...reply.headers,
  });
  if (transport.kind === 'truncate') {
    res.flushHeaders();
    // Promise the whole body, deliver part of it, then hang up: the client sees a premature close.
    const part = body.subarray(0, Math.min(transport.bytes ?? Math.floor(body.length / 2), body.length - 1));
    res.write(part, () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

const MAX_BODY_BYTES = 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap the rest is read and dropped: a sample server has no use for huge bodies.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
