// Full request-to-response cycles through the web entry point's /api proxy and through the
// api directly, down to the database and the queue: status codes, response schemas,
// validation errors, not-found and conflict paths.
import { seededUsers } from './fixture.ts';
import { createItem, signIn, uniqueTitle } from './support/items.ts';
import { createFreshUser } from './support/users.ts';
import { describe, expect, test } from './support/env-test.ts';
import {
  createdItemSchema,
  errorSchema,
  healthSchema,
  itemListSchema,
  itemResultSchema,
  itemSchema,
  loginSchema,
} from './support/schemas.ts';
import type { HttpResponse } from './support/http-client.ts';

const entries = ['web', 'api'] as const;

/** Asserts the status; the failure message shows the body (never used on token-bearing answers). */
function expectStatus(response: HttpResponse, status: number): void {
  expect(response.status, `body: ${response.text.slice(0, 300)}`).toBe(status);
}

function expectError(response: HttpResponse, status: number, code: string): void {
  expectStatus(response, status);
  expect(errorSchema.parse(response.body).error).toBe(code);
}

describe.each(entries)('through %s', (entry) => {
  test('GET /env names the stack of these outputs', { tags: ['api'] }, async ({ clients, environment }) => {
    const response = await clients[entry].get('/env');
    expectStatus(response, 200);
    expect(response.body).toEqual({ stack: environment.outputs.stackName });
  });

  test('GET /health answers 200 with the db and queue checks ok', { tags: ['api'] }, async ({ clients }) => {
    const response = await clients[entry].get('/health');
    expectStatus(response, 200);
    expect(Object.keys(healthSchema.parse(response.body).checks).sort()).toEqual(['db', 'queue']);
  });

  test('POST /auth/login answers a token, its expiry and the user', { tags: ['api'] }, async ({ clients }) => {
    const response = await clients[entry].post('/auth/login', { email: seededUsers.bob.email, password: seededUsers.bob.password });
    expect(response.status).toBe(200);
    const login = loginSchema.parse(response.body);
    expect(login.user).toMatchObject({ email: seededUsers.bob.email, role: 'user' });
    expect(Date.parse(login.expiresAt)).toBeGreaterThan(Date.now());
  });

  test('POST /auth/login answers 401 for a wrong password and for an unknown email', { tags: ['api'] }, async ({ clients }) => {
    const wrong = await clients[entry].post('/auth/login', { email: seededUsers.bob.email, password: 'not-bobs-password' });
    expectError(wrong, 401, 'unauthorized');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expectError(await clients[entry].post('/auth/login', { email: 'nobody@example.test', password: 'whatever1' }), 401, 'unauthorized');
  });

  test('POST /auth/login answers 400 with zod issues for a body without a password', { tags: ['api'] }, async ({ clients }) => {
    const response = await clients[entry].post('/auth/login', { email: seededUsers.bob.email });
    expectError(response, 400, 'invalid_input');
    const { issues } = errorSchema.parse(response.body);
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['password'] })]));
  });

  test('POST /items answers 201 with the item and its job; GET /items/:id returns the same item', { tags: ['api', 'db'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    const title = uniqueTitle(`api ${entry} create`);
    const created = await client.post('/items', { title, body: 'some words here' }, { token: sessions.alice.token });
    expectStatus(created, 201);
    const { item, jobId } = createdItemSchema.parse(created.body);
    expect(item).toMatchObject({ title, body: 'some words here', ownerId: sessions.alice.user.id, revision: 1 });
    expect(jobId).toBe(`${item.id}-r1`);
    const read = await client.get(`/items/${item.id}`, { token: sessions.alice.token });
    expectStatus(read, 200);
    expect(itemSchema.parse((read.body as { item: unknown }).item)).toEqual(item);
  });

  test('POST /items without a body field stores an empty body', { tags: ['api'] }, async ({ clients, sessions }) => {
    const { item } = await createItem(clients[entry], sessions.alice, { title: uniqueTitle('no body') });
    expect(item.body).toBe('');
  });

  test('POST /items answers 400 for an empty title, a 201-character title and a missing title', { tags: ['api'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    const token = sessions.alice.token;
    expectError(await client.post('/items', { title: '   ' }, { token }), 400, 'invalid_input');
    expectError(await client.post('/items', { title: 'x'.repeat(201) }, { token }), 400, 'invalid_input');
    expectError(await client.post('/items', { body: 'no title' }, { token }), 400, 'invalid_input');
    expectStatus(await client.post('/items', { title: 'x'.repeat(200) }, { token }), 201);
  });

  test('POST /items answers 400 for malformed JSON', { tags: ['api'] }, async ({ clients, sessions }) => {
    const response = await clients[entry].request('POST', '/items', { token: sessions.alice.token, rawBody: '{"title": "broken' });
    expectStatus(response, 400);
    expect(errorSchema.safeParse(response.body).success).toBe(true);
  });

  test('PATCH /items/:id bumps the revision and answers the next job', { tags: ['api', 'db'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    const { item } = await createItem(client, sessions.alice, { title: uniqueTitle('patch me'), body: 'before' });
    const patched = await client.patch(`/items/${item.id}`, { body: 'after' }, { token: sessions.alice.token });
    expectStatus(patched, 200);
    const { item: updated, jobId } = createdItemSchema.parse(patched.body);
    expect(updated).toMatchObject({ id: item.id, title: item.title, body: 'after', revision: 2 });
    expect(jobId).toBe(`${item.id}-r2`);
    const result = itemResultSchema.parse((await client.get(`/items/${item.id}/result`, { token: sessions.alice.token })).body);
    expect(['pending', 'done']).toContain(result.status);
  });

  test('PATCH /items/:id answers 400 when neither title nor body is given', { tags: ['api'] }, async ({ clients, sessions }) => {
    const { item } = await createItem(clients[entry], sessions.alice, { title: uniqueTitle('patch nothing') });
    expectError(await clients[entry].patch(`/items/${item.id}`, {}, { token: sessions.alice.token }), 400, 'invalid_input');
  });

  test('DELETE /items/:id answers 204; then the item, its result and a second delete are 404', { tags: ['api', 'db'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    const token = sessions.alice.token;
    const { item } = await createItem(client, sessions.alice, { title: uniqueTitle('delete me') });
    const deleted = await client.delete(`/items/${item.id}`, { token });
    expectStatus(deleted, 204);
    expect(deleted.text).toBe('');
    expectError(await client.get(`/items/${item.id}`, { token }), 404, 'not_found');
    expectError(await client.get(`/items/${item.id}/result`, { token }), 404, 'not_found');
    expectError(await client.delete(`/items/${item.id}`, { token }), 404, 'not_found');
  });

  test('GET /items/:id answers 404 for an unknown id and for one that is not a UUID', { tags: ['api'] }, async ({ clients, sessions }) => {
    const token = sessions.alice.token;
    expectError(await clients[entry].get('/items/00000000-0000-4000-8000-000000000000', { token }), 404, 'not_found');
    expectError(await clients[entry].get('/items/not-a-uuid', { token }), 404, 'not_found');
  });

  test('GET /items honours limit, lists newest first with a result status, and rejects limit=0', { tags: ['api', 'db'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    // A user of this test's own: other suites add items for the seeded people meanwhile.
    const owner = await createFreshUser(client, sessions.carol, 'lister');
    const token = owner.token;
    const first = await createItem(client, owner, { title: uniqueTitle('older') });
    const second = await createItem(client, owner, { title: uniqueTitle('newer') });
    const response = await client.get('/items?limit=2', { token });
    expectStatus(response, 200);
    const { items } = itemListSchema.parse(response.body);
    expect(items.map((item) => item.id)).toEqual([second.item.id, first.item.id]);
    expectError(await client.get('/items?limit=0', { token }), 400, 'invalid_input');
    expectError(await client.get('/items?limit=many', { token }), 400, 'invalid_input');
  });

  test('POST /admin/users answers 201 for a new email, 409 for a taken one, 400 for a bad role', { tags: ['api', 'db'] }, async ({ clients, sessions }) => {
    const client = clients[entry];
    const token = sessions.carol.token;
    const email = `${uniqueTitle(`dave-${entry}`).replace(/\s+/g, '-')}@example.test`;
    const created = await client.post('/admin/users', { email, password: 'dave-dev-password', role: 'user' }, { token });
    expectStatus(created, 201);
    expect((created.body as { user: unknown }).user).toMatchObject({ email, role: 'user' });
    expectError(await client.post('/admin/users', { email: seededUsers.alice.email, password: 'whatever-password', role: 'user' }, { token }), 409, 'conflict');
    expectError(await client.post('/admin/users', { email: `x-${email}`, password: 'whatever-password', role: 'root' }, { token }), 400, 'invalid_input');
    // The new user exists for real: it can sign in.
    await expect(signIn(client, { email, password: 'dave-dev-password' })).resolves.toMatchObject({ user: { email, role: 'user' } });
  });

  test('an unknown route answers a JSON 404', { tags: ['api'] }, async ({ clients }) => {
    expectError(await clients[entry].get('/no/such/route'), 404, 'not_found');
  });

  test('echoes a well-formed x-request-id', { tags: ['api', 'web'] }, async ({ clients, testId }) => {
    const requestId = `req-${testId.slice(-8)}`;
    const response = await clients[entry].get('/env', { headers: { 'x-request-id': requestId } });
    expect(response.headers.get('x-request-id')).toBe(requestId);
  });
});

describe('across the entry points', () => {
  test('an item created through web is served by the api, and one created through the api by web', { tags: ['web', 'api'] }, async ({ web, api, sessions }) => {
    const viaWeb = await createItem(web, sessions.bob, { title: uniqueTitle('made via web'), body: 'cross' });
    const viaApi = await createItem(api, sessions.bob, { title: uniqueTitle('made via api'), body: 'cross' });
    const readViaApi = await api.get(`/items/${viaWeb.item.id}`, { token: sessions.bob.token });
    const readViaWeb = await web.get(`/items/${viaApi.item.id}`, { token: sessions.bob.token });
    expect((readViaApi.body as { item: unknown }).item).toEqual(viaWeb.item);
    expect((readViaWeb.body as { item: unknown }).item).toEqual(viaApi.item);
  });

  test('a token issued through web is accepted by the api, and the reverse', { tags: ['web', 'api'] }, async ({ web, api }) => {
    const viaWeb = await signIn(web, seededUsers.alice);
    const viaApi = await signIn(api, seededUsers.alice);
    const me = await api.get('/me', { token: viaWeb.token });
    const meViaWeb = await web.get('/me', { token: viaApi.token });
    expect((me.body as { user: unknown }).user).toMatchObject({ email: seededUsers.alice.email, role: 'user' });
    expect((meViaWeb.body as { user: unknown }).user).toMatchObject({ email: seededUsers.alice.email, role: 'user' });
  });

  test('the web entry point serves the login and items pages as HTML', { tags: ['web'] }, async ({ environment, testId }) => {
    for (const path of ['/', '/items']) {
      const response = await fetch(new URL(path, environment.outputs.webUrl), { headers: { 'x-test-id': testId } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<form data-testid=');
    }
  });
});
