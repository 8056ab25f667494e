// Data that crosses services and outlives processes: what one service writes another reads
// (the worker's result, served back by the api), and it survives a restart of an api
// replica (a container on Docker, a pod on Kubernetes), which then reads it, accepts old
// tokens and takes new work.
import { seededUsers } from './fixture.ts';
import { holdTableLock, waitForLockWaiters } from './support/database.ts';
import { requestInside } from './support/inside.ts';
import { createItem, expectedResult, signIn, uniqueTitle, waitForResult } from './support/items.ts';
import { describe, expect, test } from './support/env-test.ts';
import { itemListSchema, itemResultSchema, itemSchema } from './support/schemas.ts';

const JOB_BOUND_MS = 10_000;
// Stop (SIGTERM, drain) plus start, or a replacement pod's start and first readiness
// probe: the api is serving again within a few seconds.
const RESTART_BOUND_MS = 15_000;
// Long enough that a read queued behind the stuck write shows; reads normally take milliseconds.
const LOCK_SECONDS = 3;
const READ_UNDER_LOCK_BOUND_MS = 1_000;

describe('data across services', () => {
  test("the worker's result for an item written through web is served back by the api", { tags: ['worker', 'db'] }, async ({ web, api, sessions }) => {
    const title = uniqueTitle('data via web');
    const body = 'written by web, computed by the worker, read by the api';
    const { item } = await createItem(web, sessions.bob, { title, body });
    const result = await waitForResult(api, sessions.bob, item.id, { timeoutMs: JOB_BOUND_MS });
    expect(result).toMatchObject({ status: 'done', processedCount: 1, result: expectedResult(title, body) });
    const listed = itemListSchema.parse((await api.get('/items?limit=1000', { token: sessions.bob.token })).body).items;
    expect(listed.find((entry) => entry.id === item.id)).toMatchObject({ title, resultStatus: 'done' });
  });

  test('an item written through one api replica is read through every other', { tags: ['api', 'db'] }, async ({ access, api, sessions, testId }) => {
    const replicas = await access.replicas('api');
    expect(replicas.length, 'the stack needs a second api replica for this test').toBeGreaterThan(1);
    const { item } = await createItem(api, sessions.alice, { title: uniqueTitle('data replicas') });
    for (const replica of replicas.slice(1)) {
      const [read] = await requestInside(access, replica, [{ method: 'GET', path: `/items/${item.id}`, token: sessions.alice.token }], testId);
      expect(read?.status, replica).toBe(200);
      expect(itemSchema.parse((read?.body as { item: unknown }).item)).toEqual(item);
    }
  });
});

describe('an api replica restart', { tags: ['api', 'db'] }, () => {
  test('keeps items, results, users and tokens; the restarted replica takes new work', async ({ access, api, sessions, testId }) => {
    // Restart the replicas after the first: on Docker the first is the published entry
    // point, and a container restart gives a published port a new host port, which would
    // strand the outputs' apiUrl; on Kubernetes the first keeps serving the Service.
    const restartable = (await access.replicas('api')).slice(1);
    expect(restartable.length, 'the stack needs a second api replica for this test').toBeGreaterThan(0);

    const title = uniqueTitle('data before restart');
    const body = 'kept across the restart';
    const { item } = await createItem(api, sessions.alice, { title, body });
    const before = await waitForResult(api, sessions.alice, item.id, { timeoutMs: JOB_BOUND_MS });
    expect(before.status).toBe('done');

    for (const restarted of restartable) {
      const replica = await access.restartReplica('api', restarted, RESTART_BOUND_MS);
      const [readItem, readResult, me, signedIn] = await requestInside(
        access,
        replica,
        [
          { method: 'GET', path: `/items/${item.id}`, token: sessions.alice.token },
          { method: 'GET', path: `/items/${item.id}/result`, token: sessions.alice.token },
          { method: 'GET', path: '/me', token: sessions.alice.token },
          { method: 'POST', path: '/auth/login', json: { email: seededUsers.bob.email, password: seededUsers.bob.password } },
        ],
        testId,
      );
      expect(readItem?.status, `${replica}: GET /items/:id`).toBe(200);
      expect(itemSchema.parse((readItem?.body as { item: unknown }).item)).toEqual(item);
      expect(readResult?.status, `${replica}: GET /items/:id/result`).toBe(200);
      expect(itemResultSchema.parse(readResult?.body)).toEqual(before);
      expect(me?.status, `${replica}: a token issued before the restart`).toBe(200);
      expect(signedIn?.status, `${replica}: sign-in after the restart`).toBe(200);

      // New work through the restarted replica: it reconnected to the database and the queue.
      const newTitle = uniqueTitle('data after restart');
      const [created] = await requestInside(access, replica, [{ method: 'POST', path: '/items', token: sessions.alice.token, json: { title: newTitle, body: 'new' } }], testId);
      expect(created?.status, `${replica}: POST /items after the restart`).toBe(201);
      const newItem = itemSchema.parse((created?.body as { item: unknown }).item);
      const after = await waitForResult(api, sessions.alice, newItem.id, { timeoutMs: JOB_BOUND_MS });
      expect(after).toMatchObject({ status: 'done', processedCount: 1, result: expectedResult(newTitle, 'new') });
    }

    // The entry points still answer for the same data after the restart.
    const viaApi = await api.get(`/items/${item.id}/result`, { token: sessions.alice.token });
    expect(itemResultSchema.parse(viaApi.body)).toEqual(before);
    await expect(signIn(api, seededUsers.carol)).resolves.toMatchObject({ user: { role: 'admin' } });
  });
});

describe('the database under contention', { tags: ['api'] }, () => {
  test('a write stuck on a table lock does not stall reads on the same api instance', async ({ access, api, sessions }) => {
    const token = sessions.alice.token;
    const { item } = await createItem(api, sessions.alice, { title: uniqueTitle('data read under lock') });

    const lock = await holdTableLock(access, 'items', LOCK_SECONDS);
    // This write holds one of the api's database connections until the lock goes.
    const write = api.post('/items', { title: uniqueTitle('data write under lock') }, { token });
    await waitForLockWaiters(access, 'INSERT INTO items', 5_000);

    const started = performance.now();
    const read = await api.get(`/items/${item.id}`, { token });
    const health = await api.get('/health');
    const elapsedMs = Math.round(performance.now() - started);
    expect(read.status).toBe(200);
    expect(health.status, `api /health while one write waits: ${health.text.slice(0, 200)}`).toBe(200);
    expect(elapsedMs, 'a read and a health check queued behind one stuck write: is the database pool exhausted by it?').toBeLessThan(READ_UNDER_LOCK_BOUND_MS);

    // Once the lock goes, the stuck write completes: nothing was lost.
    expect((await write).status).toBe(201);
    await lock.released;
  });
});
