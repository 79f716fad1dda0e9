import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { configWarnings, redisWarnings } from '../../src/ops/production-warnings.js';
import { testRedis } from '../helpers/redis.js';

const settings = (env: Record<string, string>) => configWarnings(parseConfig(env)).map((w) => w.setting);

describe('production warnings', () => {
  it('names each unsafe production setting, and is silent outside production', () => {
    expect(settings({ NODE_ENV: 'production', HTTP_HOST: '0.0.0.0' })).toEqual([
      'PSEUDONYM_SECRET',
      'REDIS_PASSWORD',
      'METRICS_TOKEN',
    ]);
    expect(
      settings({
        NODE_ENV: 'production',
        HTTP_HOST: '0.0.0.0',
        PSEUDONYM_SECRET: 'a-long-random-value',
        REDIS_PASSWORD: 'pw',
        METRICS_TOKEN: 'a-long-metrics-token',
      }),
    ).toEqual([]);
    // Loopback needs no token; HTTP off needs none either.
    expect(settings({ NODE_ENV: 'production', REDIS_URL: 'redis://:pw@r:6379', PSEUDONYM_SECRET: 'x' })).toEqual([]);
    expect(settings({ HTTP_HOST: '0.0.0.0' })).toEqual([]);
  });

  it('asks Redis about eviction and AOF', async () => {
    const info = (policy: string, aof: string) => ({
      info: async (section: string) =>
        section === 'memory' ? `# Memory\r\nmaxmemory_policy:${policy}\r\n` : `# Persistence\r\naof_enabled:${aof}\r\n`,
    });
    expect((await redisWarnings(info('allkeys-lru', '1'), false)).map((w) => w.setting)).toEqual(['maxmemory-policy']);
    expect((await redisWarnings(info('noeviction', '0'), true)).map((w) => w.setting)).toEqual(['appendonly']);
    expect(await redisWarnings(info('noeviction', '0'), false)).toEqual([]);
    expect(await redisWarnings({ info: () => Promise.reject(new Error('NOPERM')) }, true)).toEqual([]);
    // The real server of the tests runs without AOF (.ci/run), with noeviction.
    const redis = testRedis();
    try {
      expect((await redisWarnings(redis, true)).map((w) => w.setting)).not.toContain('maxmemory-policy');
    } finally {
      await redis.quit();
    }
  });
});
