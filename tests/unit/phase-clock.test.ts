// The phase clock: phases in the order they started, also when they overlap.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PhaseClock } from '../../scripts/lifecycle/phase-clock.ts';

describe('PhaseClock', () => {
  it('lists overlapping phases in the order they started, each with its own duration and result', async () => {
    const lines: string[] = [];
    const clock = new PhaseClock((line) => lines.push(line));
    const slow = clock.time('slow', () => sleep(40).then(() => 'done'));
    const quick = clock.time('quick', () => Promise.resolve({ failed: 1 }), (counts) => counts.failed === 0);
    await Promise.all([slow, quick]);
    expect(clock.phases.map((phase) => [phase.name, phase.ok])).toEqual([
      ['slow', true],
      ['quick', false],
    ]);
    expect(clock.phases[0]!.seconds).toBeGreaterThan(clock.phases[1]!.seconds);
    expect(lines).toEqual(['slow ...', 'quick ...', expect.stringMatching(/^quick failed \(/), expect.stringMatching(/^slow done \(/)]);
  });

  it('records a phase that threw as failed and rethrows', async () => {
    const clock = new PhaseClock(() => {});
    await expect(clock.time('up', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(clock.phases).toMatchObject([{ name: 'up', ok: false }]);
  });
});
