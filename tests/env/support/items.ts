// The flows the suites share: sign in, create an item, wait for the worker's result, and
// the result the worker must compute, worked out here independently of the app's code.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SeededUser } from '../fixture.ts';
import type { HttpClient } from './http-client.ts';
import { type ComputedResult, createdItemSchema, type Item, type ItemResult, itemResultSchema, loginSchema } from './schemas.ts';

export interface Session {
  token: string;
  user: { id: string; email: string; role: 'user' | 'admin' };
}

export class FlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowError';
  }
}

export async function signIn(client: HttpClient, user: Pick<SeededUser, 'email' | 'password'>): Promise<Session> {
  const response = await client.post('/auth/login', { email: user.email, password: user.password });
  // Never print the body: it holds the token.
  if (response.status !== 200) throw new FlowError(`sign-in of ${user.email} via ${client.baseUrl} answered ${response.status}`);
  const { token, user: signedIn } = loginSchema.parse(response.body);
  return { token, user: signedIn };
}

/** A title no other test or run uses, so assertions never match someone else's item. */
export function uniqueTitle(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

export async function createItem(client: HttpClient, session: Session, fields: { title: string; body?: string }): Promise<{ item: Item; jobId: string }> {
  const response = await client.post('/items', fields, { token: session.token });
  if (response.status !== 201) throw new FlowError(`POST /items via ${client.baseUrl} answered ${response.status}: ${response.text.slice(0, 200)}`);
  return createdItemSchema.parse(response.body);
}

export async function readResult(client: HttpClient, session: Session, itemId: string): Promise<ItemResult> {
  const response = await client.get(`/items/${itemId}/result`, { token: session.token });
  if (response.status !== 200) throw new FlowError(`GET /items/${itemId}/result answered ${response.status}: ${response.text.slice(0, 200)}`);
  return itemResultSchema.parse(response.body);
}

export interface WaitOptions {
  /** The bound the worker must meet. */
  timeoutMs: number;
  until?: (result: ItemResult) => boolean;
  intervalMs?: number;
}

/** Polls the result until `until` holds (default: no longer pending); fails at the bound naming the last state. */
export async function waitForResult(client: HttpClient, session: Session, itemId: string, options: WaitOptions): Promise<ItemResult> {
  const until = options.until ?? ((result: ItemResult) => result.status !== 'pending');
  const deadline = Date.now() + options.timeoutMs;
  let last: ItemResult | undefined;
  for (;;) {
    last = await readResult(client, session, itemId);
    if (until(last)) return last;
    if (Date.now() >= deadline) break;
    await sleep(options.intervalMs ?? 100);
  }
  throw new FlowError(
    `the worker did not finish item ${itemId} within ${options.timeoutMs / 1_000} s: ` +
      `status ${last.status}, attempts ${last.attempts}, processedCount ${last.processedCount}`,
  );
}

/** What the worker must compute for an item (app/README.md), as an independent oracle. */
export function expectedResult(title: string, body: string): ComputedResult {
  const text = `${title} ${body}`.trim();
  return {
    wordCount: text === '' ? 0 : text.split(/\s+/u).length,
    characterCount: [...title].length + [...body].length,
    titleUppercase: title.toUpperCase(),
    sha256: createHash('sha256').update(`${title}\n${body}`).digest('hex'),
  };
}
