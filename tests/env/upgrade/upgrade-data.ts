// What the reference stack's upgrade steps share: the file `before` writes and `after`
// reads (under the run's artifacts), a logged-in client as alice, and waiting for the
// worker's result of an item.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { environmentFixture, seededUsers } from '../fixture.ts';
import { type HttpClient, createHttpClient } from '../support/http-client.ts';

export interface WrittenItem {
  id: string;
  title: string;
  body: string;
  result: unknown;
}

export interface WrittenByOldVersion {
  items: WrittenItem[];
}

export function handoffFile(artifactsDir: string): string {
  return join(artifactsDir, 'upgrade', 'written-by-old-version.json');
}

export function writeHandoff(artifactsDir: string, written: WrittenByOldVersion): void {
  const file = handoffFile(artifactsDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
}

export function readHandoff(artifactsDir: string): WrittenByOldVersion {
  return JSON.parse(readFileSync(handoffFile(artifactsDir), 'utf8')) as WrittenByOldVersion;
}

export class UpgradeCheckError extends Error {}

export async function aliceClient(testId: string): Promise<{ client: HttpClient; token: string; artifactsDir: string }> {
  const { outputs, artifactsDir } = environmentFixture();
  const client = createHttpClient({ baseUrl: outputs.apiUrl, testId, timeoutMs: 10_000 });
  const login = await client.post('/auth/login', { email: seededUsers.alice.email, password: seededUsers.alice.password });
  if (login.status !== 200) throw new UpgradeCheckError(`alice cannot log in: HTTP ${login.status} ${login.text}`);
  return { client, token: (login.body as { token: string }).token, artifactsDir };
}

export interface ItemResult {
  status: 'pending' | 'done' | 'parked';
  result?: unknown;
  processedCount: number;
}

/** The item's result once the worker is done with it (at least `minProcessed` jobs recorded). */
export async function settledResult(client: HttpClient, token: string, id: string, minProcessed = 1, timeoutMs = 60_000): Promise<ItemResult> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await client.get(`/items/${id}/result`, { token });
    last = `HTTP ${response.status} ${response.text}`;
    const result = response.body as ItemResult | undefined;
    if (response.status === 200 && result && result.status !== 'pending' && result.processedCount >= minProcessed) return result;
    await sleep(250);
  }
  throw new UpgradeCheckError(`item ${id} has no result after ${timeoutMs / 1000}s: ${last}`);
}
