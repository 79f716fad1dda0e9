/**
 * The bot's own HTTP server (node:http, no framework): `/healthz`, the Telegram webhook, and
 * room for `/metrics`. Routes are exact paths; a route reads its body only when it wants it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../logger.js';
import { parseJsonBody, RequestBodyError, readBody } from './request-body.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Reads and parses the body; throws `RequestBodyError` (answered 413 or 400 by the server). */
  json(): Promise<unknown>;
  /** Reads the raw body within the size limit. */
  raw(): Promise<Buffer>;
}

export interface HttpResponse {
  status: number;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: string | Buffer | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
}

export type RouteHandler = (req: HttpRequest) => Promise<HttpResponse> | HttpResponse;

export interface HealthReport {
  ok: boolean;
  details: Record<string, unknown>;
}
export type HealthProvider = () => Promise<HealthReport>;

export interface HttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger: Logger;
  /** Larger bodies are refused with 413. Default 1 MiB (a Telegram update is a few KiB). */
  bodyLimitBytes?: number;
  health?: HealthProvider;
  /** A health check slower than this counts as failed. Default 2000. */
  healthTimeoutMs?: number;
}

export interface HttpServer {
  /** Registers a handler for an exact path; registering the same method and path twice throws. */
  route(method: HttpMethod, path: string, handler: RouteHandler): void;
  setHealthProvider(provider: HealthProvider): void;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** The bound port once listening. */
  readonly port: number | undefined;
  /** Stops accepting connections and waits for open requests (closing idle keep-alive sockets). */
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
  let health: HealthProvider = options.health ?? (async () => ({ ok: true, details: {} }));
  const routes = new Map<string, Map<string, RouteHandler>>();

  function route(method: HttpMethod, path: string, handler: RouteHandler): void {
    if (!path.startsWith('/')) throw new Error(`HTTP route path must start with '/': ${path}`);
    const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
    if (byMethod.has(method)) throw new Error(`HTTP route registered twice: ${method} ${path}`);
    byMethod.set(method, handler);
    routes.set(path, byMethod);
  }

  route('GET', '/healthz', async () => {
    const report = await withTimeout(health(), healthTimeoutMs).catch((err: unknown) => ({
      ok: false,
      details: { error: err instanceof Error ? err.name : 'unknown' },
    }));
    return { status: report.ok ? 200 : 503, body: { ok: report.ok, ...report.details } };
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const byMethod = routes.get(url.pathname);
    // HEAD is answered by the GET handler without a body, as HTTP expects.
    const handler = byMethod?.get(method) ?? (method === 'HEAD' ? byMethod?.get('GET') : undefined);
    if (!byMethod || !handler) {
      req.resume();
      if (byMethod) res.setHeader('allow', [...byMethod.keys()].join(', '));
      write(res, method, {
        status: byMethod ? 405 : 404,
        body: { error: byMethod ? 'method not allowed' : 'not found' },
      });
      return;
    }
    let bodyPromise: Promise<Buffer> | undefined;
    const raw = () => {
      bodyPromise ??= readBody(req, bodyLimit);
      return bodyPromise;
    };
    const request: HttpRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      raw,
      json: async () => parseJsonBody(await raw()),
    };
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (response) => {
          if (!bodyPromise) req.resume();
          write(res, method, response);
        },
        (err: unknown) => {
          if (err instanceof RequestBodyError) {
            write(res, method, { status: err.status, body: { error: err.message } });
            return;
          }
          logger.error(
            { path: url.pathname, method, errName: err instanceof Error ? err.name : typeof err },
            'http: handler failed',
          );
          write(res, method, { status: 500, body: { error: 'internal error' } });
        },
      );
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;

  let boundPort: number | undefined;
  return {
    route,
    setHealthProvider(provider) {
      health = provider;
    },
    get port() {
      return boundPort;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '0.0.0.0', () => {
          server.off('error', reject);
          boundPort = (server.address() as AddressInfo).port;
          logger.info({ port: boundPort }, 'http: listening');
          resolve(boundPort);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

function write(res: ServerResponse, method: string, response: HttpResponse): void {
  if (res.headersSent) return;
  const { status, body } = response;
  const headers = { ...response.headers };
  let payload: string | Buffer = '';
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = body;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(method === 'HEAD' ? undefined : payload);
}
