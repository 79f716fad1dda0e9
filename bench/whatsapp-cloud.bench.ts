/**
 * `npm run bench:whatsapp-cloud [-- --messages 3000 --users 300 --concurrency 50]`
 *
 * Posts signed webhook requests (one text message each, from many users) to our WhatsApp
 * Cloud API channel on the bot's HTTP server and, in the same run, to a bare handler (node:http,
 * verify the signature, answer 200, POST an echo to the Graph API: no dedup, no window, no
 * per-chat order, no read receipt) on the same fake Graph API. Both answer through a handler
 * that echoes; ours pays its Redis work (dedup, the 24-hour window, the unreachable mark) and
 * the read receipt. Prints messages per second, latency from the webhook POST to the reply
 * reaching the Graph API (p50, p99), and the throughput ratio.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWhatsAppCloudChannel } from '../src/channels/whatsapp-cloud/cloud-channel.js';
import { verifySignature } from '../src/channels/whatsapp-cloud/webhook-signature.js';
import type { MessageHandler } from '../src/core/messages.js';
import { createHttpServer } from '../src/http/http-server.js';
import { createLogger } from '../src/logger.js';
import { deleteKeys, scanKeys } from '../src/privacy/scan-keys.js';
import { closeRedis, createRedis } from '../src/redis.js';
import {
  FAKE_APP_SECRET,
  FAKE_PHONE_NUMBER_ID,
  FAKE_VERIFY_TOKEN,
  FAKE_VERSION,
  type FakeGraphApi,
  startFakeGraphApi,
  textMessage,
  webhookPayload,
} from '../test/helpers/fake-graph-api.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const MESSAGES = Number(args.get('messages') ?? 3000);
const USERS = Number(args.get('users') ?? 300);
const CONCURRENCY = Number(args.get('concurrency') ?? 50);
const logger = createLogger({ level: 'silent', format: 'json' });

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

async function drive(url: string, graph: FakeGraphApi, tag: string): Promise<Figures> {
  const postedAt = new Map<string, number>();
  const before = graph.sent.length;
  const started = Date.now();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < MESSAGES) {
      const i = next++;
      const user = `6281${String(i % USERS).padStart(8, '0')}`;
      const text = `${tag}${i}`;
      const raw = JSON.stringify(
        webhookPayload([textMessage(user, text, `wamid.${tag}${i}${randomBytes(4).toString('hex')}`)]),
      );
      const signature = `sha256=${createHmac('sha256', FAKE_APP_SECRET).update(raw).digest('hex')}`;
      postedAt.set(text, Date.now());
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body: raw,
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await graph.waitForMessages(before + MESSAGES, 120_000);
  const ended = Math.max(...graph.sent.slice(before).map((m) => m.at));
  const latencies = graph.sent
    .slice(before)
    .map((m) => {
      const body = (m.body as { text?: { body: string } }).text?.body ?? '';
      return m.at - (postedAt.get(body.replace(/^echo /, '')) ?? m.at);
    })
    .sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { perSecond: MESSAGES / ((ended - started) / 1000), p50: pct(50), p99: pct(99) };
}

async function ours(graph: FakeGraphApi): Promise<Figures> {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `bench-wac-${randomBytes(4).toString('hex')}`;
  const http = createHttpServer({ port: 0, host: '127.0.0.1', logger });
  const handler: MessageHandler = {
    async handle(m, options) {
      const replies = [{ text: `echo ${m.text ?? ''}` }];
      await options?.deliver?.(replies);
      return { replies, duplicate: false, delivered: Boolean(options?.deliver) };
    },
  };
  const channel = createWhatsAppCloudChannel({
    config: {
      WHATSAPP_CLOUD_TOKEN: graph.token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: FAKE_PHONE_NUMBER_ID,
      WHATSAPP_CLOUD_APP_SECRET: FAKE_APP_SECRET,
      WHATSAPP_CLOUD_VERIFY_TOKEN: FAKE_VERIFY_TOKEN,
      WHATSAPP_CLOUD_API_ROOT: graph.apiRoot,
      WHATSAPP_CLOUD_API_VERSION: FAKE_VERSION,
      WHATSAPP_CLOUD_TEMPLATE_NAME: undefined,
      WHATSAPP_CLOUD_TEMPLATE_LANGUAGE: 'id',
      WHATSAPP_CLOUD_MEDIA_MAX_BYTES: 1 << 20,
      WHATSAPP_CLOUD_SEND_PER_SECOND: 1000,
    },
    handler,
    logger,
    redis,
    redisPrefix: prefix,
    http,
  });
  const port = await http.listen();
  await channel.start();
  const figures = await drive(`http://127.0.0.1:${port}/webhooks/whatsapp`, graph, 'o');
  await channel.stop();
  await http.close();
  for await (const keys of scanKeys(redis, `${prefix}:*`)) await deleteKeys(redis, keys);
  await closeRedis(redis);
  return figures;
}

async function bare(graph: FakeGraphApi): Promise<Figures> {
  const target = `${graph.apiRoot}/${FAKE_VERSION}/${FAKE_PHONE_NUMBER_ID}/messages`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifySignature(raw, req.headers['x-hub-signature-256'], FAKE_APP_SECRET)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200).end();
      const payload = JSON.parse(raw.toString('utf8'));
      for (const entry of payload.entry)
        for (const change of entry.changes)
          for (const m of change.value.messages ?? [])
            void fetch(target, {
              method: 'POST',
              headers: { authorization: `Bearer ${graph.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                messaging_product: 'whatsapp',
                to: m.from,
                type: 'text',
                text: { body: `echo ${m.text.body}` },
              }),
            }).then((r) => r.arrayBuffer());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const figures = await drive(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, graph, 'b');
  await new Promise((resolve) => server.close(resolve));
  return figures;
}

const graph = await startFakeGraphApi();
// A warm-up of each, then the measured runs.
const bareFigures = await bare(graph);
const ourFigures = await ours(graph);
await graph.close();
const show = (name: string, f: Figures) =>
  `${name.padEnd(26)} ${f.perSecond.toFixed(0).padStart(6)} msg/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms`;
process.stdout.write(
  `WhatsApp Cloud API webhook: ${MESSAGES} messages from ${USERS} users, ${CONCURRENCY} requests in flight\n`,
);
process.stdout.write(`${show('bare handler', bareFigures)}\n${show('our channel', ourFigures)}\n`);
process.stdout.write(
  `${JSON.stringify({ ratio: Number((ourFigures.perSecond / bareFigures.perSecond).toFixed(2)), ours: ourFigures, bare: bareFigures })}\n`,
);
process.exit(0);
