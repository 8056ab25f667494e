// The job queue end to end: a job triggered upstream (an item created through web) is done
// by a worker within a bound; a failing job is retried and then parked; no job is lost and
// none is done twice, also when several are in flight at once.
import { createItem, expectedResult, readResult, uniqueTitle, waitForResult } from './support/items.ts';
import { describe, expect, test } from './support/env-test.ts';

// An idle worker answers in tens of milliseconds; the bound leaves room for a busy host.
const JOB_BOUND_MS = 10_000;
// The worker's defaults (app/README.md): 3 attempts, backoff 500 ms then 1 s.
const PARK_BOUND_MS = 15_000;
// Enough jobs that each worker replica takes several, so a replica dropping one in n is seen.
const BATCH_SIZE = 12;

describe('item jobs', { tags: ['worker'], concurrent: true }, () => {
  test('a job triggered through web is done within the bound, with the computed result', async ({ web, sessions }) => {
    const title = uniqueTitle('queue single');
    const body = 'three words here';
    const started = Date.now();
    const { item } = await createItem(web, sessions.alice, { title, body });
    const result = await waitForResult(web, sessions.alice, item.id, { timeoutMs: JOB_BOUND_MS });
    expect(result.status).toBe('done');
    expect(result.result).toEqual(expectedResult(title, body));
    expect(result.processedCount).toBe(1);
    expect(result.attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(JOB_BOUND_MS);
  });

  test(`${BATCH_SIZE} jobs in flight at once are each done exactly once: none lost, none twice`, async ({ web, api, sessions }) => {
    const sessionsInTurn = [sessions.alice, sessions.bob];
    const created = await Promise.all(
      Array.from({ length: BATCH_SIZE }, (_, index) => {
        const session = sessionsInTurn[index % 2]!;
        const client = index % 3 === 0 ? api : web;
        const title = uniqueTitle(`queue batch ${index}`);
        return createItem(client, session, { title, body: `item number ${index}` }).then(({ item }) => ({ item, session }));
      }),
    );
    const deadline = Date.now() + JOB_BOUND_MS;
    const outcomes = await Promise.all(
      created.map(async ({ item, session }) => {
        const result = await waitForResult(api, session, item.id, { timeoutMs: Math.max(0, deadline - Date.now()) }).catch(() =>
          readResult(api, session, item.id),
        );
        return { id: item.id, status: result.status, processedCount: result.processedCount, matches: result.status === 'done' && result.result?.sha256 === expectedResult(item.title, item.body).sha256 };
      }),
    );
    const lost = outcomes.filter((outcome) => outcome.status !== 'done').map((outcome) => outcome.id);
    const twice = outcomes.filter((outcome) => outcome.processedCount > 1).map((outcome) => outcome.id);
    expect(lost, `jobs not done within ${JOB_BOUND_MS / 1_000} s`).toEqual([]);
    expect(twice, 'jobs done more than once').toEqual([]);
    expect(outcomes.every((outcome) => outcome.matches)).toBe(true);
  });

  test('a [fail] job is retried and then parked, with its error', async ({ web, sessions }) => {
    const { item } = await createItem(web, sessions.bob, { title: uniqueTitle('queue [fail] marker') });
    const parked = await waitForResult(web, sessions.bob, item.id, { timeoutMs: PARK_BOUND_MS, until: (result) => result.status === 'parked' });
    // Retried: more than one attempt before giving up; parked: the status stays and no result.
    expect(parked.attempts).toBeGreaterThan(1);
    expect(parked.error).toMatch(/\[fail\] marker/);
    expect(parked.result).toBeUndefined();
    expect(parked.processedCount).toBe(0);
  });

  test('an edited item is recomputed for its latest revision, each revision at most once', async ({ api, sessions }) => {
    const { item } = await createItem(api, sessions.alice, { title: uniqueTitle('queue edit'), body: 'first version' });
    const patched = await api.patch(`/items/${item.id}`, { body: 'the second version' }, { token: sessions.alice.token });
    expect(patched.status).toBe(200);
    const result = await waitForResult(api, sessions.alice, item.id, { timeoutMs: JOB_BOUND_MS });
    expect(result.status).toBe('done');
    expect(result.result).toEqual(expectedResult(item.title, 'the second version'));
    // Revision 1's job is either skipped (already revised) or recorded once; never more.
    expect(result.processedCount).toBeGreaterThanOrEqual(1);
    expect(result.processedCount).toBeLessThanOrEqual(2);
  });

  test('a [slow] job still finishes within the bound', async ({ web, sessions }) => {
    const title = uniqueTitle('queue [slow] marker');
    const { item } = await createItem(web, sessions.alice, { title, body: 'takes a while' });
    const result = await waitForResult(web, sessions.alice, item.id, { timeoutMs: JOB_BOUND_MS });
    expect(result.status).toBe('done');
    expect(result.result).toEqual(expectedResult(title, 'takes a while'));
  });
});
