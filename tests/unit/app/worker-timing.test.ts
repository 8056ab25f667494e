// The worker's timing rules: exponential retry delays, and when a heartbeat counts as stale.
import { describe, expect, it } from 'vitest';
import { assertHeartbeatFresh, HEARTBEAT_STALE_MS } from '../../../app/src/worker/heartbeat.ts';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from '../../../app/src/worker/retry-delay.ts';

describe('retryDelayMs', () => {
  it('doubles from the base after each failure', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 500))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('is capped', () => {
    expect(retryDelayMs(40, 500)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe('assertHeartbeatFresh', () => {
  const now = 1_000_000;

  it('accepts a recent beat', () => {
    expect(() => assertHeartbeatFresh(String(now - 2_000), now)).not.toThrow();
  });

  it('rejects a missing beat', () => {
    expect(() => assertHeartbeatFresh(null, now)).toThrow(/no heartbeat/);
  });

  it('rejects a beat older than the stale limit', () => {
    expect(() => assertHeartbeatFresh(String(now - HEARTBEAT_STALE_MS - 1), now)).toThrow(/ms ago/);
  });

  it('rejects an unreadable beat', () => {
    expect(() => assertHeartbeatFresh('yesterday', now)).toThrow(/unreadable/);
  });
});
