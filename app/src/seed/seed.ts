// Seeds an environment through its public API with the known users and items, only after
// checking that the API really serves the expected stack. Idempotent: a second run finds
// what the first created. Uses nothing but global fetch, so the driver can import it.
import { SEED_ITEMS, SEED_USERS, type SeedRole, type SeedUser } from './fixtures.ts';

export interface SeedOptions {
  apiUrl: string;
  adminEmail: string;
  adminPassword: string;
  expectedStack: string;
  signal?: AbortSignal;
  /** Sent as x-test-id, so the api's logs show which requests the seed made. */
  testId?: string;
  /** Per request; the environment should answer well within it once healthy. */
  requestTimeoutMs?: number;
}

export interface SeededUser {
  id: string;
  email: string;
  role: SeedRole;
  created: boolean;
}

export interface SeededItem {
  id: string;
  title: string;
  ownerEmail: string;
  created: boolean;
}

export interface SeedResult {
  stack: string;
  users: SeededUser[];
  items: SeededItem[];
}

export class SeedError extends Error {
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.name = 'SeedError';
    this.status = status;
  }
}

interface ApiUser {
  id: string;
  email: string;
  role: SeedRole;
}

interface ApiItem {
  id: string;
  title: string;
}

type Call = (method: string, path: string, options?: { token?: string; body?: unknown; accept?: number[] }) => Promise<{ status: number; body: unknown }>;

function createCaller(options: SeedOptions): Call {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  return async (method, path, { token, body, accept = [] } = {}) => {
    const headers: Record<string, string> = { 'x-test-id': options.testId ?? 'seed' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok && !accept.includes(response.status)) {
      const message = (parsed as { message?: string } | undefined)?.message ?? text.slice(0, 200);
      throw new SeedError(`seed: ${method} ${path} answered ${response.status}: ${message}`, response.status);
    }
    return { status: response.status, body: parsed };
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function logIn(call: Call, email: string, password: string): Promise<string> {
  const { body } = await call('POST', '/auth/login', { body: { email, password } });
  return (body as { token: string }).token;
}

async function ensureUser(call: Call, adminToken: string, user: SeedUser, existing: ApiUser[]): Promise<SeededUser> {
  const found = existing.find((candidate) => candidate.email === user.email);
  if (found) return { id: found.id, email: found.email, role: found.role, created: false };
  const { status, body } = await call('POST', '/admin/users', { token: adminToken, body: user, accept: [409] });
  if (status === 409) {
    // Created by a concurrent seed between our listing and now.
    const { body: listing } = await call('GET', '/admin/users', { token: adminToken });
    const raced = (listing as { users: ApiUser[] }).users.find((candidate) => candidate.email === user.email);
    if (!raced) throw new SeedError(`seed: ${user.email} reported as existing but not listed`);
    return { id: raced.id, email: raced.email, role: raced.role, created: false };
  }
  const created = (body as { user: ApiUser }).user;
  return { id: created.id, email: created.email, role: created.role, created: true };
}

export async function seedEnvironment(options: SeedOptions): Promise<SeedResult> {
  const call = createCaller(options);

  // Refuse before writing anything: seeding the wrong environment would corrupt its data.
  const { body: environment } = await call('GET', '/env');
  const stack = (environment as { stack?: string } | undefined)?.stack;
  if (stack !== options.expectedStack) {
    throw new SeedError(
      `seed refused: ${options.apiUrl} serves stack "${String(stack)}", expected "${options.expectedStack}"`,
    );
  }

  const adminToken = await logIn(call, options.adminEmail, options.adminPassword);
  const { body: listing } = await call('GET', '/admin/users', { token: adminToken });
  const existingUsers = (listing as { users: ApiUser[] }).users;
  // The people are independent of one another: each one's user, sign-in and items at once
  // (every sign-in is a deliberately slow password hash on the api).
  const users = await Promise.all(SEED_USERS.map((user) => ensureUser(call, adminToken, user, existingUsers)));
  const itemsPerUser = await Promise.all(
    SEED_USERS.map(async (user): Promise<SeededItem[]> => {
      const wanted = SEED_ITEMS.filter((item) => item.ownerEmail === user.email);
      if (wanted.length === 0) return [];
      const token = await logIn(call, user.email, user.password);
      const { body: owned } = await call('GET', '/items?limit=1000', { token });
      const ownedItems = (owned as { items: ApiItem[] }).items;
      const seeded: SeededItem[] = [];
      // In the seed's order, one after another.
      for (const item of wanted) {
        const found = ownedItems.find((candidate) => candidate.title === item.title);
        if (found) {
          seeded.push({ id: found.id, title: found.title, ownerEmail: user.email, created: false });
          continue;
        }
        const { body: createdBody } = await call('POST', '/items', { token, body: { title: item.title, body: item.body } });
        const created = (createdBody as { item: ApiItem }).item;
        seeded.push({ id: created.id, title: created.title, ownerEmail: user.email, created: true });
      }
      return seeded;
    }),
  );
  const items = itemsPerUser.flat();
  return { stack, users, items };
}
