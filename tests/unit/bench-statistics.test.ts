// The bench's arithmetic: medians, per-phase statistics over passing cycles, ratios, and
// how the driver's phases map onto the ones every variant reports.
import { describe, expect, it } from 'vitest';
import type { CycleMeasurement } from '../../scripts/bench/bench-types.ts';
import { canonicalPhases, coveredSeconds, driverPhases, suitesCovered, withTotals } from '../../scripts/bench/phase-names.ts';
import { describe as describeValues, median, medianRatio, orderPhases, phaseStatistics } from '../../scripts/bench/statistics.ts';

function cycle(variant: CycleMeasurement['variant'], phases: Record<string, number>, ok = true): CycleMeasurement {
  return { variant, round: 1, slug: 's', ok, wallSeconds: phases['full cycle'] ?? 0, phases, suites: [], timeline: [], leftBehind: [], artifactsDir: '/tmp' };
}

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(/no values/);
  });

  it('describes min, median, max and count', () => {
    expect(describeValues([2, 9, 4])).toEqual({ min: 2, median: 4, max: 9, count: 3 });
  });
});

describe('phaseStatistics', () => {
  it('summarises each phase per variant over the cycles that passed only', () => {
    const stats = phaseStatistics([
      cycle('driver', { provision: 10 }),
      cycle('driver', { provision: 14 }),
      cycle('driver', { provision: 1 }, false),
      cycle('docker-cli', { provision: 4 }),
    ]);
    expect(stats['provision']).toEqual({ driver: { min: 10, median: 12, max: 14, count: 2 }, 'docker-cli': { min: 4, median: 4, max: 4, count: 1 } });
  });

  it('orders phases as a run takes them, suites in run order', () => {
    expect(orderPhases(['teardown', 'suite ui', 'seed', 'suite api', 'full cycle', 'provision', 'collect'], ['api', 'ui'])).toEqual([
      'full cycle',
      'provision',
      'seed',
      'suite api',
      'suite ui',
      'collect',
      'teardown',
    ]);
  });

  it('gives the ratio of medians, and none when a side is missing', () => {
    const stats = phaseStatistics([cycle('driver', { 'full cycle': 30 }), cycle('docker-cli', { 'full cycle': 20 })]);
    expect(medianRatio(stats, 'full cycle', 'driver', 'docker-cli')).toBe(1.5);
    expect(medianRatio(stats, 'full cycle', 'driver', 'compose')).toBeUndefined();
  });
});

describe('phase names', () => {
  it('sums recorded phases into canonical ones and keeps suites by name', () => {
    expect(canonicalPhases([{ name: 'up', seconds: 10 }, { name: 'ready', seconds: 1 }, { name: 'suite api', seconds: 3 }], { up: 'provision', ready: 'provision' })).toEqual({
      provision: 11,
      'suite api': 3,
    });
  });

  it('adds the full cycle and the cycle without its suites', () => {
    expect(withTotals({ provision: 5, 'suite api': 3, 'suite ui': 4 }, 20)).toMatchObject({ 'full cycle': 20, 'without suites': 13 });
  });

  it('counts suites that ran at once only once in the cycle without its suites', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000).toISOString();
    const recorded = [
      { name: 'suite api', seconds: 3, startedAt: at(10) },
      { name: 'suite auth', seconds: 4, startedAt: at(10) },
      { name: 'suite ui', seconds: 5, startedAt: at(14) },
    ];
    expect(suitesCovered(recorded)).toBe(9);
    expect(withTotals(canonicalPhases(recorded), 30, suitesCovered(recorded))).toMatchObject({ 'full cycle': 30, 'without suites': 21 });
  });

  it('maps the driver summary: preflight, the gap before up as opening the stack, the rest as startup', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000).toISOString();
    const phases = driverPhases(
      [
        { name: 'lock', startedAt: at(1), seconds: 0.1 },
        { name: 'preflight', startedAt: at(1.1), seconds: 0.4 },
        { name: 'images', startedAt: at(1.5), seconds: 0.5 },
        { name: 'up', startedAt: at(2.5), seconds: 12 },
        { name: 'ready', startedAt: at(14.5), seconds: 0.5 },
        { name: 'down', startedAt: at(15), seconds: 4 },
      ],
      20,
    );
    expect(phases['preflight']).toBeCloseTo(1);
    expect(phases['open stack']).toBeCloseTo(0.5);
    expect(phases['provision']).toBeCloseTo(12.5);
    expect(phases['teardown']).toBeCloseTo(4);
    expect(phases['startup']).toBeCloseTo(2);
    expect(phases['full cycle']).toBe(20);
  });

  it('maps the upgrade path: the old version\'s up and ready as provision, the rollout to ready on its own, before and after steps apart', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000).toISOString();
    const phases = driverPhases(
      [
        { name: 'lock', startedAt: at(1), seconds: 0.1 },
        { name: 'preflight', startedAt: at(1.1), seconds: 0.4 },
        { name: 'images', startedAt: at(1.5), seconds: 0.2 },
        { name: 'checkout', startedAt: at(1.7), seconds: 0.4 },
        { name: 'old images', startedAt: at(2.1), seconds: 0.1 },
        { name: 'old up', startedAt: at(3), seconds: 17 },
        { name: 'old ready', startedAt: at(20), seconds: 0.5 },
        { name: 'old seed', startedAt: at(20.5), seconds: 1 },
        { name: 'before', startedAt: at(21.5), seconds: 0.5 },
        { name: 'rollout', startedAt: at(22), seconds: 6 },
        { name: 'ready', startedAt: at(28), seconds: 1 },
        { name: 'seed', startedAt: at(29), seconds: 1 },
        { name: 'after', startedAt: at(30), seconds: 2 },
        { name: 'down', startedAt: at(32), seconds: 4 },
      ],
      40,
    );
    expect(phases['preflight']).toBeCloseTo(1.2);
    expect(phases['open stack']).toBeCloseTo(0.8);
    expect(phases['provision']).toBeCloseTo(17.5);
    expect(phases['upgrade before']).toBeCloseTo(1.5);
    expect(phases['rollout']).toBeCloseTo(7);
    expect(phases['upgrade after']).toBeCloseTo(2);
    expect(phases['teardown']).toBeCloseTo(4);
    expect(orderPhases(['teardown', 'upgrade after', 'seed', 'rollout', 'upgrade before', 'provision'])).toEqual(['provision', 'upgrade before', 'rollout', 'seed', 'upgrade after', 'teardown']);
  });

  it('reports the time report.html adds as its own phase, last, and not as startup', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000).toISOString();
    const recorded = [
      { name: 'up', startedAt: at(0), seconds: 9 },
      { name: 'down', startedAt: at(9), seconds: 4 },
      { name: 'report', startedAt: at(13), seconds: 0.25 },
    ];
    const phases = driverPhases(recorded, 14);
    expect(phases['report']).toBe(0.25);
    expect(phases['startup']).toBeCloseTo(0.75);
    expect(orderPhases(['report', 'teardown', 'suite api', 'provision'])).toEqual(['provision', 'suite api', 'teardown', 'report']);
  });

  it('counts overlapping phases once (the preview beside seed and the suites)', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000).toISOString();
    const recorded = [
      { name: 'up', startedAt: at(0), seconds: 9 },
      { name: 'preview', startedAt: at(9), seconds: 1.5 },
      { name: 'seed', startedAt: at(9), seconds: 0.5 },
      { name: 'suite api', startedAt: at(9.5), seconds: 2 },
      { name: 'down', startedAt: at(12), seconds: 4 },
    ];
    expect(coveredSeconds(recorded)).toBeCloseTo(15.5);
    expect(driverPhases(recorded, 17)['startup']).toBeCloseTo(1.5);
  });
});
