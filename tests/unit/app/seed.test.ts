// The seed: refuses a foreign environment before writing, and is idempotent on re-run.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEED_ITEMS, SEED_USERS } from '../../../app/src/seed/fixtures.ts';
import { seedEnvironment, SeedError } from '../../../app/src/seed/seed.ts';

interface FakeUser {
  id: string;
  email: string;
  password: string;
  role: string;
}

/** A minimal in-memory stand-in for the api, answering the calls the seed makes. */
function createFakeApi(stack: string) {
  const users: FakeUser[] = [{ id: randomUUID(), email: 'admin@example.test', password: 'admin-pw', role: 'admin' }];
  const items: { id: string; ownerId: string; title: string }[] = [];
  const calls: string[] = [];
  const tokenOf = (user: FakeUser) => `token-${user.id}`;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const handle = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = init?.method ?? 'GET';
    calls.push(`${method} ${url.pathname}`);
    const body = (typeof init?.body === 'string' ? JSON.parse(init.body) : {}) as Record<string, string>;
    const caller = users.find((user) => new Headers(init?.headers).get('authorization') === `Bearer ${tokenOf(user)}`);
    switch (`${method} ${url.pathname}`) {
      case 'GET /env':
        return json(200, { stack });
      case 'POST /auth/login': {
        const user = users.find((candidate) => candidate.email === body.email && candidate.password === body.password);
        return user ? json(200, { token: tokenOf(user) }) : json(401, { message: 'wrong email or password' });
      }
      case 'GET /admin/users':
        return json(200, { users: users.map(({ password: _password, ...user }) => user) });
      case 'POST /admin/users': {
        if (users.some((user) => user.email === body.email)) return json(409, { message: 'exists' });
        const user = { id: randomUUID(), email: body.email!, password: body.password!, role: body.role! };
        users.push(user);
        return json(201, { user });
      }
      case 'GET /items':
        return json(200, { items: items.filter((item) => item.ownerId === caller?.id) });
      case 'POST /items': {
        const item = { id: randomUUID(), ownerId: caller!.id, title: body.title! };
        items.push(item);
        return json(201, { item, jobId: `${item.id}-r1` });
      }
      default:
        return json(404, { message: 'no route' });
    }
  };
  return { handle, calls, users, items };
}

const options = { apiUrl: 'http://api.test', adminEmail: 'admin@example.test', adminPassword: 'admin-pw' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('seedEnvironment', () => {
  it('refuses an api that serves another stack, naming both, before any write', async () => {
    const api = createFakeApi('other-branch');
    vi.stubGlobal('fetch', api.handle);
    const error = await seedEnvironment({ ...options, expectedStack: 'my-branch' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as Error).message).toMatch(/"other-branch".*"my-branch"/);
    expect(api.calls).toEqual(['GET /env']);
  });

  it('creates the known users and items on a fresh environment', async () => {
    const api = createFakeApi('my-branch');
    vi.stubGlobal('fetch', api.handle);
    const result = await seedEnvironment({ ...options, expectedStack: 'my-branch' });
    expect(result.stack).toBe('my-branch');
    expect(result.users.map((user) => [user.email, user.created])).toEqual(SEED_USERS.map((user) => [user.email, true]));
    expect(result.items.map((item) => item.title).sort()).toEqual(SEED_ITEMS.map((item) => item.title).sort());
    expect(api.items).toHaveLength(SEED_ITEMS.length);
  });

  it('finds everything on a second run and creates nothing', async () => {
    const api = createFakeApi('my-branch');
    vi.stubGlobal('fetch', api.handle);
    const first = await seedEnvironment({ ...options, expectedStack: 'my-branch' });
    const second = await seedEnvironment({ ...options, expectedStack: 'my-branch' });
    expect(second.users.every((user) => !user.created)).toBe(true);
    expect(second.items.every((item) => !item.created)).toBe(true);
    expect(second.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(api.items).toHaveLength(SEED_ITEMS.length);
  });

  it('fails with the status when the admin credentials are wrong, without echoing the password', async () => {
    vi.stubGlobal('fetch', createFakeApi('my-branch').handle);
    const error = await seedEnvironment({ ...options, adminPassword: 'nope-secret', expectedStack: 'my-branch' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'SeedError', status: 401 });
    expect((error as Error).message).not.toContain('nope-secret');
  });
});
