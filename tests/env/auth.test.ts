// Who may do what, checked at the web proxy and at the api alike: a matrix of anonymous,
// a user, another user and an admin against every endpoint (another user's items
// included), then forged, foreign, unsigned and expired tokens against every guarded one.
import type { HttpClient } from './support/http-client.ts';
import { mintTokenInside } from './support/inside.ts';
import { createItem, uniqueTitle } from './support/items.ts';
import { newUserBody } from './support/users.ts';
import { describe, expect, test, type Sessions } from './support/env-test.ts';
import { errorSchema, itemListSchema, itemSchema } from './support/schemas.ts';
import { firstReplica } from './support/stack-access.ts';
import { tamperedToken, tokenSignedWithForeignKey, unsignedToken } from './support/tokens.ts';

type Principal = 'anonymous' | 'alice' | 'bob' | 'carol';
const principals: Principal[] = ['anonymous', 'alice', 'bob', 'carol'];
const role: Record<Principal, string> = { anonymous: 'anonymous', alice: 'owner', bob: 'other user', carol: 'admin' };

interface Endpoint {
  method: string;
  /** `:id` is an item of alice's made for the test. */
  route: string;
  body?: () => unknown;
  expected: Record<Principal, number>;
}


const endpoints: Endpoint[] = [
  { method: 'GET', route: '/env', expected: { anonymous: 200, alice: 200, bob: 200, carol: 200 } },
  { method: 'GET', route: '/health', expected: { anonymous: 200, alice: 200, bob: 200, carol: 200 } },
  { method: 'GET', route: '/me', expected: { anonymous: 401, alice: 200, bob: 200, carol: 200 } },
  { method: 'GET', route: '/items', expected: { anonymous: 401, alice: 200, bob: 200, carol: 200 } },
  { method: 'POST', route: '/items', body: () => ({ title: uniqueTitle('auth matrix') }), expected: { anonymous: 401, alice: 201, bob: 201, carol: 201 } },
  { method: 'GET', route: '/items/:id', expected: { anonymous: 401, alice: 200, bob: 404, carol: 200 } },
  { method: 'GET', route: '/items/:id/result', expected: { anonymous: 401, alice: 200, bob: 404, carol: 200 } },
  { method: 'PATCH', route: '/items/:id', body: () => ({ body: 'changed by the matrix' }), expected: { anonymous: 401, alice: 200, bob: 404, carol: 200 } },
  { method: 'DELETE', route: '/items/:id', expected: { anonymous: 401, alice: 204, bob: 404, carol: 204 } },
  { method: 'GET', route: '/admin/users', expected: { anonymous: 401, alice: 403, bob: 403, carol: 200 } },
  { method: 'POST', route: '/admin/users', body: () => newUserBody('erin'), expected: { anonymous: 401, alice: 403, bob: 403, carol: 201 } },
];

const guarded = endpoints.filter((endpoint) => endpoint.expected.anonymous === 401);

const matrix = endpoints.flatMap((endpoint) =>
  principals.map((principal) => ({ ...endpoint, principal, status: endpoint.expected[principal], who: role[principal] })),
);

function tokenOf(sessions: Sessions, principal: Principal): string | undefined {
  return principal === 'anonymous' ? undefined : sessions[principal].token;
}

async function call(client: HttpClient, endpoint: Endpoint, itemId: string, token: string | undefined, headers?: Record<string, string>) {
  const path = endpoint.route.replace(':id', itemId);
  return client.request(endpoint.method, path, {
    ...(token === undefined ? {} : { token }),
    ...(endpoint.body ? { json: endpoint.body() } : {}),
    ...(headers ? { headers } : {}),
  });
}

describe.each(['web', 'api'] as const)('through %s', (entry) => {
  describe('the role matrix', { tags: ['api'] }, () => {
    test.for(matrix)('$who ($principal) $method $route → $status', async (row, { clients, sessions }) => {
      const client = clients[entry];
      const { item } = await createItem(client, sessions.alice, { title: uniqueTitle('auth target'), body: 'original' });
      const response = await call(client, row, item.id, tokenOf(sessions, row.principal));
      expect(response.status, `body: ${row.route === '/me' ? '(not shown)' : response.text.slice(0, 200)}`).toBe(row.status);
      if (row.status >= 400) expect(errorSchema.safeParse(response.body).success).toBe(true);

      // A refused write changed nothing: the item is still there, at its first revision.
      if (row.route.startsWith('/items/:id') && row.status >= 400) {
        const after = await client.get(`/items/${item.id}`, { token: sessions.alice.token });
        expect(after.status).toBe(200);
        expect(itemSchema.parse((after.body as { item: unknown }).item)).toMatchObject({ body: 'original', revision: 1 });
      }
    });
  });

  describe("another user's items", { tags: ['api'] }, () => {
    test('a user lists their own items and nobody else\'s', async ({ clients, sessions }) => {
      // Fresh items sit at the top of lists that earlier suites (and the load phase) made long.
      const own = {
        alice: (await createItem(clients[entry], sessions.alice, { title: uniqueTitle("alice's listed") })).item,
        bob: (await createItem(clients[entry], sessions.bob, { title: uniqueTitle("bob's listed") })).item,
      };
      for (const principal of ['alice', 'bob'] as const) {
        const response = await clients[entry].get('/items?limit=1000', { token: sessions[principal].token });
        const { items } = itemListSchema.parse(response.body);
        expect(items.map((item) => item.id)).toContain(own[principal].id);
        expect(items.filter((item) => item.ownerId !== sessions[principal].user.id).map((item) => item.title)).toEqual([]);
      }
    });

    test("an admin lists every user's items", async ({ clients, sessions }) => {
      const { items } = itemListSchema.parse((await clients[entry].get('/items?limit=1000', { token: sessions.carol.token })).body);
      const owners = new Set(items.map((item) => item.ownerId));
      expect(owners).toContain(sessions.alice.user.id);
      expect(owners).toContain(sessions.bob.user.id);
    });

    test("a refused POST /admin/users creates no user", async ({ clients, sessions }) => {
      const body = newUserBody('erin');
      expect((await clients[entry].post('/admin/users', body, { token: sessions.bob.token })).status).toBe(403);
      const users = (await clients[entry].get('/admin/users', { token: sessions.carol.token })).body as { users: { email: string }[] };
      expect(users.users.map((user) => user.email)).not.toContain(body.email);
    });
  });

  describe('tokens the api must refuse', { tags: ['api'] }, () => {
    const cases = [
      { name: "alice's token with the payload rewritten to carol the admin", expectedMessage: 'token invalid' },
      { name: "alice's claims signed with a foreign key", expectedMessage: 'token invalid' },
      { name: "alice's claims with alg none and no signature", expectedMessage: 'token invalid' },
      { name: 'a token of this stack that expired an hour ago', expectedMessage: 'token expired' },
      { name: 'a validly signed token minted for another stack', expectedMessage: 'token invalid' },
      { name: 'a string that is no JWT', expectedMessage: 'token invalid' },
      { name: 'Basic credentials instead of a bearer token', expectedMessage: 'missing bearer token' },
    ] as const;

    test.for(cases)('$name → 401 on every guarded endpoint', async ({ name, expectedMessage }, { clients, sessions, access }) => {
      const client = clients[entry];
      const alice = sessions.alice;
      const apiReplica = await firstReplica(access, 'api');
      const aliceSubject = { id: alice.user.id, email: alice.user.email, role: 'user' as const };
      const forged: Record<(typeof cases)[number]['name'], () => Promise<{ token?: string; headers?: Record<string, string> }>> = {
        "alice's token with the payload rewritten to carol the admin": async () => ({
          token: tamperedToken(alice.token, { sub: sessions.carol.user.id, role: 'admin', email: sessions.carol.user.email }),
        }),
        "alice's claims signed with a foreign key": async () => ({ token: tokenSignedWithForeignKey(alice.token) }),
        "alice's claims with alg none and no signature": async () => ({ token: unsignedToken(alice.token) }),
        'a token of this stack that expired an hour ago': async () => ({
          token: await mintTokenInside(access, apiReplica, aliceSubject, { ageSeconds: 3_600, ttlSeconds: 60 }),
        }),
        'a validly signed token minted for another stack': async () => ({
          token: await mintTokenInside(access, apiReplica, aliceSubject, { ageSeconds: 0, ttlSeconds: 600, audience: 'some-other-branch' }),
        }),
        'a string that is no JWT': async () => ({ token: 'not-a-jwt' }),
        'Basic credentials instead of a bearer token': async () => ({ headers: { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` } }),
      };
      const { token, headers } = await forged[name]();
      const { item } = await createItem(client, alice, { title: uniqueTitle('auth forged target'), body: 'original' });
      for (const endpoint of guarded) {
        const response = await call(client, endpoint, item.id, token, headers);
        const label = `${endpoint.method} ${endpoint.route}`;
        expect(response.status, label).toBe(401);
        expect(errorSchema.parse(response.body), label).toMatchObject({ error: 'unauthorized', message: expectedMessage });
      }
      const after = await client.get(`/items/${item.id}`, { token: alice.token });
      expect(itemSchema.parse((after.body as { item: unknown }).item)).toMatchObject({ body: 'original', revision: 1 });
    });
  });
});
