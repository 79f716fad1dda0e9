/**
 * Reads a request body with a size limit. Bodies are read lazily, by the route that wants
 * them, so a route can refuse a request (a wrong webhook secret) before reading anything.
 */
import type { IncomingMessage } from 'node:http';

/** A request body the server refuses; the server maps it to the status code. */
export class RequestBodyError extends Error {
  constructor(
    public readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(new RequestBodyError(413, `body over ${limitBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) {
        // Keep draining instead of destroying the socket, so the 413 reaches the client.
        refused = true;
        chunks.length = 0;
        reject(new RequestBodyError(413, `body over ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!refused) reject(err);
    });
  });
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new RequestBodyError(400, 'empty body');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'invalid JSON');
  }
}
