/**
 * Scenario 2: 2,000 complaints go through the real producer (complaint intake) in bursts while
 * the complaint worker processes are killed with SIGKILL five times (two workers, killed in
 * turn in the middle of a burst, each restarted at once). The workers use 2 s locks and a 1 s stalled check, so a job
 * caught mid-run comes back within seconds. None may be lost, none stored twice.
 */
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createComplaintIntake } from '../../src/complaints/complaint-intake.js';
import { sampleComplaint } from '../complaints/complaint-test-kit.js';
import { sleep } from './lib/fault-redis.js';
import { censusOfCases, duplicatesIn, queueCounts, stalledJobs, waitForDrain } from './lib/inspect.js';
import { writeRow } from './lib/report.js';
import { createKit, type Kit } from './lib/scenario-kit.js';

const COMPLAINTS = 2000;
const KILLS = 5;
let kit: Kit | undefined;

afterAll(async () => {
  await kit?.close();
});

describe('scenario 2: worker killed five times during 2,000 complaints', () => {
  it('stores every complaint exactly once', async () => {
    const started = Date.now();
    kit = await createKit('s2');
    const k = kit;
    const tunables = { lockDurationMs: 2000, stalledIntervalMs: 1000, concurrency: 20 };
    const workers = [k.worker('worker-a', tunables), k.worker('worker-b', tunables)];
    await Promise.all(workers.map((w) => w.start()));
    const intake = createComplaintIntake({
      connection: k.redis.url,
      queuePrefix: k.queuePrefix,
      redisPrefix: k.redisPrefix,
      spoolDir: k.spoolDir,
      logger: pino({ level: 'silent' }),
    });

    const ids: string[] = [];
    const submitProblems: string[] = [];
    const submit = async (n: number) => {
      const batch = Array.from({ length: n }, (_, j) =>
        sampleComplaint({ description: `Keluhan nomor ${ids.length + j}.` }),
      );
      const results = await Promise.all(batch.map((c) => intake.submit({ complaint: c, userId: `u${c.id}` })));
      for (const r of results) {
        if (r.status === 'queued' || r.status === 'spooled') ids.push(r.id);
        else submitProblems.push(r.status);
      }
    };
    // Ten bursts of 200. In every other burst a worker is killed halfway, while both are busy
    // with it, and started again while the rest of the burst arrives.
    let kills = 0;
    const restarts = new Map<number, Promise<void>>();
    for (let round = 0; round < COMPLAINTS / 200; round++) {
      await submit(100);
      if (round % 2 === 1 && kills < KILLS) {
        const n = kills % workers.length;
        const victim = workers[n]!;
        // A worker is killed only once it runs again (and takes jobs) after its last kill.
        await restarts.get(n);
        await victim.kill();
        kills += 1;
        restarts.set(n, victim.start());
      }
      await submit(100);
      await sleep(400);
    }
    await Promise.all(restarts.values());
    const drained = await waitForDrain(k.redis.url, k.queuePrefix, [k.spoolDir], 60_000);
    await intake.close();
    const redis = k.redis.client();
    const census = await censusOfCases(redis, k.redisPrefix);
    const counts = await queueCounts(k.redis.url, k.queuePrefix);
    const recovered = await stalledJobs(redis, k.queuePrefix, ids);
    redis.disconnect();
    const storedIds = new Set(census.cases.map((c) => c.id));
    const lost = ids.filter((id) => !storedIds.has(id)).length;
    const duplicated = duplicatesIn(census);
    const withoutReporter = census.cases.filter((c) => c.userId === null).length;
    const exits = k.unexpectedExits();
    const unhandled = await k.unhandledRejections();
    const errors =
      submitProblems.length + exits.length + unhandled + counts.failed + withoutReporter + (drained ? 0 : 1);
    writeRow({
      scenario: '2 worker SIGKILLed 5x',
      sent: COMPLAINTS,
      replies: counts.completed,
      stored: census.cases.length,
      lost,
      duplicated,
      errors,
      seconds: (Date.now() - started) / 1000,
      notes: `${kills} kills, ${recovered} jobs taken back from a killed worker`,
    });

    expect(kills).toBe(KILLS);
    // The kills must have caught jobs mid-run, or the scenario proved nothing.
    expect(recovered).toBeGreaterThan(0);
    expect(submitProblems).toEqual([]);
    expect(drained).toBe(true);
    expect(ids.length).toBe(COMPLAINTS);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(census.cases.length).toBe(COMPLAINTS);
    expect(withoutReporter).toBe(0);
    expect(counts.failed).toBe(0);
    expect(exits).toEqual([]);
    expect(unhandled).toBe(0);
  });
});
