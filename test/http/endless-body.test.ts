/** A body nobody reads (401 before the secret matched) is not read forever: the connection is closed. */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent', format: 'json' });
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('an endless chunked body without the secret', () => {
  it('is answered 401 and its connection closed instead of read for as long as it comes', async () => {
    server = createHttpServer({ port: 0, host: '127.0.0.1', logger });
    server.route('POST', '/hook', async () => ({ status: 401, body: { error: 'unauthorized' } }));
    const port = await server.listen();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const closed = new Promise<boolean>((resolve) => {
      socket.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 15_000);
    });
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', () => undefined);
    socket.write('POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = 'x'.repeat(16 * 1024);
    const pump = setInterval(() => {
      if (socket.destroyed) return;
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
    }, 5);
    const wasClosed = await closed;
    clearInterval(pump);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(wasClosed).toBe(true);
    // Closed long before 15 s of 3 MB/s: a few hundred KB at most.
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  }, 20_000);
});
