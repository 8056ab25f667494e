// Start-up waiting: retries until a check passes, gives up at the deadline, stops at once
// on a fatal error or on shutdown.
import { describe, expect, it } from 'vitest';
import { waitUntilReady } from '../../../app/src/shared/wait-until-ready.ts';

const failingTimes = (failures: number, error = new Error('not yet')) => {
  let calls = 0;
  const check = async () => {
    calls += 1;
    if (calls <= failures) throw error;
  };
  return { check, calls: () => calls };
};

describe('waitUntilReady', () => {
  it('retries until the check passes', async () => {
    const { check, calls } = failingTimes(2);
    await waitUntilReady(check, { what: 'the database', timeoutMs: 1_000, intervalMs: 1 });
    expect(calls()).toBe(3);
  });

  it('gives up at the deadline, naming what it waited for and why', async () => {
    const { check } = failingTimes(Infinity, new Error('connection refused'));
    const error = await waitUntilReady(check, { what: 'the database', timeoutMs: 30, intervalMs: 5 }).then(
      () => new Error('expected a rejection'),
      (caught: unknown) => caught as Error,
    );
    expect(error.message).toBe('gave up waiting for the database after 30 ms');
    expect((error.cause as Error).message).toBe('connection refused');
  });

  it('rethrows a fatal error without retrying', async () => {
    const fatal = new Error('wrong stack');
    const { check, calls } = failingTimes(Infinity, fatal);
    await expect(
      waitUntilReady(check, { what: 'x', timeoutMs: 1_000, intervalMs: 1, isFatal: (error) => error === fatal }),
    ).rejects.toBe(fatal);
    expect(calls()).toBe(1);
  });

  it('stops with an AbortError when shutdown begins', async () => {
    const controller = new AbortController();
    const { check } = failingTimes(Infinity);
    const waiting = waitUntilReady(check, { what: 'x', timeoutMs: 10_000, intervalMs: 1_000, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
