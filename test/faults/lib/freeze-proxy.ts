/**
 * A TCP proxy in front of Redis that can freeze on a chosen command: when a client sends bytes
 * containing the armed pattern, nothing more passes in either direction (that command
 * included) until `thaw()`. To the bot it looks like Redis hanging at exactly that moment,
 * which a signal to redis-server could only hit by luck.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FreezeProxy {
  readonly url: string;
  /**
   * Freeze as soon as a client sends `pattern`. With `then`, run it while frozen and thaw
   * after it (e.g. fill Redis up at exactly that command).
   */
  arm(pattern: string, then?: () => Promise<void>): void;
  readonly frozen: boolean;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezeProxy(targetPort: number): Promise<FreezeProxy> {
  let pattern: Buffer | null = null;
  let onFreeze: (() => Promise<void>) | undefined;
  let frozen = false;
  const held: { to: Socket; chunk: Buffer }[] = [];
  const sockets = new Set<Socket>();
  const pass = (to: Socket, chunk: Buffer) => {
    if (frozen) held.push({ to, chunk });
    else if (!to.destroyed) to.write(chunk);
  };
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (pattern && chunk.includes(pattern)) {
        frozen = true;
        pattern = null;
        const then = onFreeze;
        onFreeze = undefined;
        if (then) void then().finally(thaw);
      }
      pass(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => pass(client, chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  const thaw = () => {
    frozen = false;
    for (const { to, chunk } of held.splice(0)) if (!to.destroyed) to.write(chunk);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    arm(p, then) {
      pattern = Buffer.from(p);
      onFreeze = then;
    },
    get frozen() {
      return frozen;
    },
    thaw,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
