import { describe, expect, it } from 'vitest';
import type { ReadinessProbe } from '../../scripts/readiness/probe.ts';
import { waitUntilReady } from '../../scripts/readiness/wait-until-ready.ts';

function probeReadyAfter(name: string, attempts: number): ReadinessProbe & { calls: number } {
  const probe = {
    name,
    calls: 0,
    async check() {
      probe.calls += 1;
      return { ready: probe.calls >= attempts, detail: `attempt ${probe.calls}` };
    },
  };
  return probe;
}

describe('waitUntilReady', () => {
  const options = () => ({ timeoutMs: 200, intervalMs: 5, signal: new AbortController().signal });

  it('returns once every probe is ready, asking each until it is', async () => {
    const fast = probeReadyAfter('fast', 1);
    const slow = probeReadyAfter('slow', 3);
    await waitUntilReady([fast, slow], options());
    expect(fast.calls).toBe(1);
    expect(slow.calls).toBe(3);
  });

  it('names the probe that never got ready and its last answer', async () => {
    await expect(waitUntilReady([probeReadyAfter('ok', 1), probeReadyAfter('stuck', 1e9)], options())).rejects.toThrow(
      /stuck: attempt \d+/,
    );
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted'));
    await expect(
      waitUntilReady([probeReadyAfter('stuck', 1e9)], { ...options(), signal: controller.signal }),
    ).rejects.toThrow('interrupted');
  });
});
