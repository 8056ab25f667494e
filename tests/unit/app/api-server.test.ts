// The api's HTTP contract (status codes, access rules, job enqueueing, request ids),
// exercised with in-memory stores through fastify's inject.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../app/src/api/auth/passwords.ts';
import { createTokenService } from '../../../app/src/api/auth/tokens.ts';
import { buildApiServer } from '../../../app/src/api/server.ts';
import { createMetricsRegistry } from '../../../app/src/shared/http-metrics.ts';
import { createLogger } from '../../../app/src/shared/logger.ts';
import { createInMemoryItems, createInMemoryUsers, createRecordingJobs } from './in-memory-stores.ts';

// Test files resolve packages from the repo root, so app packages are reached through app modules.
let app: ReturnType<typeof buildApiServer>;
let users: ReturnType<typeof createInMemoryUsers>;
let items: ReturnType<typeof createInMemoryItems>;
let jobs: ReturnType<typeof createRecordingJobs>;
let queueHealthy: boolean;
const passwordHashes: Record<string, string> = {};

// scrypt is deliberately slow; hash the fixtures' passwords once for the whole file.
beforeAll(async () => {
  for (const name of ['admin', 'alice', 'bob']) passwordHashes[name] = await hashPassword(`${name}-password`);
});

beforeEach(async () => {
  users = createInMemoryUsers();
  items = createInMemoryItems();
  jobs = createRecordingJobs();
  queueHealthy = true;
  await users.create({ email: 'admin@example.test', passwordHash: passwordHashes.admin!, role: 'admin' });
  await users.create({ email: 'alice@example.test', passwordHash: passwordHashes.alice!, role: 'user' });
  await users.create({ email: 'bob@example.test', passwordHash: passwordHashes.bob!, role: 'user' });
  app = buildApiServer({
    stackName: 'feature-x',
    logger: createLogger({ role: 'api', level: 'silent' }),
    users,
    items,
    jobs,
    tokens: createTokenService({ secret: 's'.repeat(32), ttlSeconds: 60, audience: 'feature-x' }),
    healthChecks: {
      db: async () => undefined,
      queue: async () => {
        if (!queueHealthy) throw new Error('redis ping timed out');
      },
    },
    metrics: createMetricsRegistry('api'),
  });
});

afterEach(async () => {
  await app.close();
});

async function login(email: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  expect(response.statusCode).toBe(200);
  return response.json<{ token: string }>().token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('api server', () => {
  it('tells which stack it serves on /env', async () => {
    expect((await app.inject('/env')).json()).toEqual({ stack: 'feature-x' });
  });

  it('answers /health 200 when every check passes and 503 naming the failed one', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok', checks: { db: 'ok', queue: 'ok' } });
    queueHealthy = false;
    const failing = await app.inject('/health');
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toMatchObject({ status: 'failing', checks: { db: 'ok', queue: 'failed' } });
  });

  it('returns a token and the user on login, 401 on a wrong password or unknown email', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'Alice@Example.test', password: 'alice-password' } });
    const body = response.json<{ token: unknown; user: unknown }>();
    expect(body.user).toMatchObject({ email: 'alice@example.test', role: 'user' });
    expect(typeof body.token).toBe('string');
    const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'alice@example.test', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    const unknown = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'eve@example.test', password: 'nope' } });
    expect(unknown.statusCode).toBe(401);
  });

  it('answers 400 with zod issues for a malformed body', async () => {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 42 } });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: string; issues: unknown }>();
    expect(body.error).toBe('invalid_input');
    expect(Array.isArray(body.issues)).toBe(true);
  });

  it('answers 401 without a token and with a bad one', async () => {
    expect((await app.inject('/me')).statusCode).toBe(401);
    expect((await app.inject({ url: '/me', headers: bearer('nonsense') })).statusCode).toBe(401);
  });

  it('creates an item, enqueues its job with the caller\'s x-test-id, and answers 201', async () => {
    const token = await login('alice@example.test', 'alice-password');
    const response = await app.inject({
      method: 'POST',
      url: '/items',
      headers: { ...bearer(token), 'x-test-id': 'items-spec-1' },
      payload: { title: 'First', body: 'hello' },
    });
    expect(response.statusCode).toBe(201);
    const { item, jobId } = response.json<{ item: { id: string }; jobId: string }>();
    expect(jobId).toBe(`${item.id}-r1`);
    expect(jobs.enqueued).toEqual([expect.objectContaining({ itemId: item.id, revision: 1, testId: 'items-spec-1' })]);
  });

  it('rejects a title that is empty or longer than 200 characters', async () => {
    const token = await login('alice@example.test', 'alice-password');
    for (const title of ['', 'x'.repeat(201)]) {
      const response = await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: { title } });
      expect(response.statusCode).toBe(400);
    }
  });

  it('answers 503 and keeps nothing when the job cannot be enqueued', async () => {
    const token = await login('alice@example.test', 'alice-password');
    jobs.failNext = true;
    const response = await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: { title: 'Lost' } });
    expect(response.statusCode).toBe(503);
    expect(items.rows).toHaveLength(0);
  });

  it('hides another user\'s item behind 404, and shows it to an admin', async () => {
    const alice = await login('alice@example.test', 'alice-password');
    const bob = await login('bob@example.test', 'bob-password');
    const admin = await login('admin@example.test', 'admin-password');
    const created = await app.inject({ method: 'POST', url: '/items', headers: bearer(alice), payload: { title: 'Mine' } });
    const id = created.json<{ item: { id: string } }>().item.id;
    expect((await app.inject({ url: `/items/${id}`, headers: bearer(bob) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: bearer(bob) })).statusCode).toBe(404);
    expect((await app.inject({ url: `/items/${id}`, headers: bearer(admin) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/items', headers: bearer(bob) })).json()).toEqual({ items: [] });
    expect((await app.inject({ url: '/items', headers: bearer(admin) })).json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('deletes with 204 even when the client sends content-type json and no body', async () => {
    const token = await login('alice@example.test', 'alice-password');
    const created = await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: { title: 'Gone soon' } });
    const id = created.json<{ item: { id: string } }>().item.id;
    const response = await app.inject({
      method: 'DELETE',
      url: `/items/${id}`,
      headers: { ...bearer(token), 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(204);
    expect((await app.inject({ url: `/items/${id}`, headers: bearer(token) })).statusCode).toBe(404);
  });

  it('re-enqueues on PATCH with the next revision', async () => {
    const token = await login('alice@example.test', 'alice-password');
    const created = await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: { title: 'v1' } });
    const id = created.json<{ item: { id: string } }>().item.id;
    const patched = await app.inject({ method: 'PATCH', url: `/items/${id}`, headers: bearer(token), payload: { title: 'v2' } });
    expect(patched.json()).toMatchObject({ item: { title: 'v2', revision: 2 }, jobId: `${id}-r2` });
  });

  it('keeps admin routes from users (403) and reports duplicate emails as 409', async () => {
    const alice = await login('alice@example.test', 'alice-password');
    const admin = await login('admin@example.test', 'admin-password');
    expect((await app.inject({ url: '/admin/users', headers: bearer(alice) })).statusCode).toBe(403);
    const payload = { email: 'carol@example.test', password: 'carol-password', role: 'admin' };
    expect((await app.inject({ method: 'POST', url: '/admin/users', headers: bearer(admin), payload })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/admin/users', headers: bearer(admin), payload })).statusCode).toBe(409);
  });

  it('echoes a well-formed x-request-id and generates one otherwise', async () => {
    expect((await app.inject({ url: '/env', headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    const generated = (await app.inject({ url: '/env', headers: { 'x-request-id': 'bad id\nwith newline' } })).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await app.inject('/nowhere');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });

  it('counts requests by route pattern on /metrics', async () => {
    await app.inject('/env');
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/env",status_code="200",role="api"\} 1/);
  });
});
