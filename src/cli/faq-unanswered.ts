/**
 * `npm run faq:unanswered [-- --limit N]`: questions the bot could not answer, most frequent
 * first (already scrubbed of names, numbers and chat ids), and the helpful/not-helpful counts
 * per answer, so the content team knows what to write or fix next.
 */
import { createFaqStats } from '../faq/faq-stats.js';
import { closeRedis, createRedis } from '../redis.js';
import { readConfigOrExit } from './read-config.js';

const limitArg = process.argv.indexOf('--limit');
const limit = limitArg >= 0 ? Number(process.argv[limitArg + 1]) : 50;
if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
  process.stderr.write('faq:unanswered: --limit must be a whole number from 1 to 5000\n');
  process.exit(2);
}
const config = readConfigOrExit('faq:unanswered');
const redis = createRedis(config.redisUrl, { maxRetriesPerRequest: 1 });
redis.on('error', () => undefined);
try {
  const stats = createFaqStats({ redis, prefix: config.REDIS_PREFIX });
  const rows = await stats.topUnanswered(limit);
  process.stdout.write(`Unanswered questions (top ${limit}):\n`);
  if (rows.length === 0) process.stdout.write('  (none yet)\n');
  for (const r of rows) process.stdout.write(`${String(r.count).padStart(6)}  ${r.text}\n`);
  const feedback = Object.entries(await stats.feedback()).sort((a, b) => b[1].no - a[1].no);
  process.stdout.write('\nHelpful? (yes / no) per answer, least helpful first:\n');
  if (feedback.length === 0) process.stdout.write('  (none yet)\n');
  for (const [id, f] of feedback)
    process.stdout.write(`${String(f.yes).padStart(6)} / ${String(f.no).padEnd(6)} ${id}\n`);
} catch (err) {
  process.stderr.write(`faq:unanswered: cannot read from Redis (${(err as Error).message})\n`);
  process.exitCode = 1;
} finally {
  await closeRedis(redis);
}
