// The app's injected-fault switches: off by default, parsed from their variables, and each
// really breaks what the env suites check (a dropped job stays pending; a leaked item is
// served to another user), exercised without PostgreSQL or Redis.
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../app/src/api/auth/passwords.ts';
import { createTokenService } from '../../../app/src/api/auth/tokens.ts';
import { buildApiServer } from '../../../app/src/api/server.ts';
import { apiConfigSchema, parseConfig, workerConfigSchema } from '../../../app/src/shared/config.ts';
import { activeFaults, createJobDropper } from '../../../app/src/shared/faults.ts';
import { createMetricsRegistry } from '../../../app/src/shared/http-metrics.ts';
import { createLogger } from '../../../app/src/shared/logger.ts';
import { createWorkerMetrics } from '../../../app/src/worker/metrics.ts';
import { createItemJobProcessor } from '../../../app/src/worker/process-item-job.ts';
import type { ResultStore } from '../../../app/src/worker/result-store.ts';
import { createInMemoryItems, createInMemoryUsers, createRecordingJobs } from './in-memory-stores.ts';

const baseEnvironment = {
  DATABASE_URL: 'postgres://app:secret@db:5432/app',
  REDIS_URL: 'redis://:secret@queue:6379',
  TOKEN_SECRET: 't'.repeat(32),
  ADMIN_EMAIL: 'admin@example.test',
  ADMIN_PASSWORD: 'admin-password',
  STACK_NAME: 'feature-x',
};

describe('fault switches in the config', () => {
  it('are off when their variables are unset', () => {
    expect(parseConfig('api', apiConfigSchema, baseEnvironment).FAULT_API_LEAK_ITEMS).toBe(false);
    expect(parseConfig('worker', workerConfigSchema, baseEnvironment).FAULT_WORKER_DROP_EVERY).toBe(0);
    expect(activeFaults({})).toEqual([]);
  });

  it('are read from FAULT_API_LEAK_ITEMS=1 and FAULT_WORKER_DROP_EVERY=3, and named for the log', () => {
    const api = parseConfig('api', apiConfigSchema, { ...baseEnvironment, FAULT_API_LEAK_ITEMS: '1' });
    const worker = parseConfig('worker', workerConfigSchema, { ...baseEnvironment, FAULT_WORKER_DROP_EVERY: '3' });
    expect(api.FAULT_API_LEAK_ITEMS).toBe(true);
    expect(worker.FAULT_WORKER_DROP_EVERY).toBe(3);
    expect(activeFaults(api).map((fault) => fault.variable)).toEqual(['FAULT_API_LEAK_ITEMS']);
    expect(activeFaults(worker).map((fault) => fault.variable)).toEqual(['FAULT_WORKER_DROP_EVERY']);
  });

  it('reject a value that is not a switch', () => {
    expect(() => parseConfig('api', apiConfigSchema, { ...baseEnvironment, FAULT_API_LEAK_ITEMS: 'sometimes' })).toThrow(/FAULT_API_LEAK_ITEMS/);
    expect(() => parseConfig('worker', workerConfigSchema, { ...baseEnvironment, FAULT_WORKER_DROP_EVERY: '-1' })).toThrow(/FAULT_WORKER_DROP_EVERY/);
  });
});

describe('FAULT_WORKER_DROP_EVERY', () => {
  it('drops every n-th job a process takes, and none when 0', () => {
    const dropEveryThird = createJobDropper(3);
    expect(Array.from({ length: 7 }, () => dropEveryThird())).toEqual([false, false, true, false, false, true, false]);
    const never = createJobDropper(0);
    expect(Array.from({ length: 5 }, () => never())).toEqual([false, false, false, false, false]);
  });

  it('makes the processor acknowledge the third job without recording its result', async () => {
    const recorded: string[] = [];
    const results: ResultStore = {
      findItem: async (itemId) => ({ id: itemId, title: 'Hello', body: 'world', revision: 1 }),
      recordDone: async (record) => {
        recorded.push(record.itemId);
        return true;
      },
      recordFailedAttempt: async () => undefined,
      recordParked: async () => undefined,
    };
    const process = createItemJobProcessor({
      results,
      maxAttempts: 3,
      metrics: createWorkerMetrics(createMetricsRegistry('worker')),
      logger: createLogger({ role: 'worker', level: 'silent' }),
      dropJob: createJobDropper(3),
    });
    const outcomes = [];
    for (const itemId of ['a', 'b', 'c', 'd']) {
      outcomes.push(await process({ id: `${itemId}-r1`, attemptsMade: 0, data: { itemId, revision: 1 } }));
    }
    // BullMQ sees four successes; only three results exist: item c stays pending for ever.
    expect(outcomes).toEqual(['done', 'done', 'done', 'done']);
    expect(recorded).toEqual(['a', 'b', 'd']);
  });
});

describe('FAULT_API_LEAK_ITEMS', () => {
  async function serverWith(leakItems: boolean) {
    const users = createInMemoryUsers();
    const passwordHash = await hashPassword('a-password');
    await users.create({ email: 'alice@example.test', passwordHash, role: 'user' });
    await users.create({ email: 'bob@example.test', passwordHash, role: 'user' });
    const app = buildApiServer({
      stackName: 'feature-x',
      logger: createLogger({ role: 'api', level: 'silent' }),
      users,
      items: createInMemoryItems(),
      jobs: createRecordingJobs(),
      tokens: createTokenService({ secret: 's'.repeat(32), ttlSeconds: 60, audience: 'feature-x' }),
      healthChecks: {},
      metrics: createMetricsRegistry('api'),
      faults: { leakItems },
    });
    const login = async (email: string) =>
      (await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'a-password' } })).json<{ token: string }>().token;
    const alice = { authorization: `Bearer ${await login('alice@example.test')}` };
    const bob = { authorization: `Bearer ${await login('bob@example.test')}` };
    const created = await app.inject({ method: 'POST', url: '/items', headers: alice, payload: { title: "alice's secret" } });
    return { app, bob, itemId: created.json<{ item: { id: string } }>().item.id };
  }

  it('off: another user gets 404 for the item and an empty list', async () => {
    const { app, bob, itemId } = await serverWith(false);
    expect((await app.inject({ url: `/items/${itemId}`, headers: bob })).statusCode).toBe(404);
    expect((await app.inject({ url: '/items', headers: bob })).json()).toEqual({ items: [] });
    await app.close();
  });

  it("on: another user is served the item, may delete it, and sees it listed", async () => {
    const { app, bob, itemId } = await serverWith(true);
    expect((await app.inject({ url: `/items/${itemId}`, headers: bob })).statusCode).toBe(200);
    expect((await app.inject({ url: '/items', headers: bob })).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: `/items/${itemId}`, headers: bob })).statusCode).toBe(204);
    await app.close();
  });
});
