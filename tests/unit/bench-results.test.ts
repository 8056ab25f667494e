// The results a person reads: the markdown table, the targets, the SVG chart,
// and the bench's options.
import { describe, expect, it } from 'vitest';
import { resolveBenchOptions } from '../../scripts/bench/bench-options.ts';
import type { CycleMeasurement, MachineFacts } from '../../scripts/bench/bench-types.ts';
import { cycleSegments, escapeXml, renderResultsChart, tickStep } from '../../scripts/bench/results-chart.ts';
import { concurrencyLines, phaseTable, renderResultsMarkdown } from '../../scripts/bench/results-table.ts';
import { buildResults, targetChecks } from '../../scripts/bench/results.ts';
import reference from '../../ephemeral.config.ts';

const stages = [['api', 'queue', 'auth'], ['data'], ['ui'], ['load']];

const machine: MachineFacts = { cores: 2, memoryBytes: 8 * 1024 ** 3, node: 'v24.0.0', docker: '20.10.24 (API 1.41)', compose: '1.29.2', load: [0.5, 0.4, 0.3] };

function cycle(variant: CycleMeasurement['variant'], round: number, provision: number, full: number, ok = true): CycleMeasurement {
  return {
    variant,
    round,
    slug: `bench-${variant}-${round}`,
    ok,
    wallSeconds: full,
    phases: { 'full cycle': full, 'without suites': full - 3, provision, seed: 0.4, 'suite api': 3, collect: 0.5, teardown: 2 },
    suites: [{ suite: 'api', passed: 37, failed: 0, skipped: 0 }],
    timeline: [
      { name: 'db', kind: 'container', requested: 0.1, started: 0.5, done: provision / 2 },
      { name: 'ready', kind: 'ready', done: provision },
    ],
    ...(variant === 'driver' ? { peakMemory: { totalBytes: 400 * 1024 ** 2, byGroup: { driver: 150 * 1024 ** 2, pulumi: 250 * 1024 ** 2 }, samples: 40 } } : {}),
    leftBehind: [],
    ...(ok ? {} : { error: 'exit 2 (provision-failed): boom' }),
    artifactsDir: '/tmp/x',
  };
}

const results = buildResults({
  generatedAt: '2026-11-25T05:00:00.000Z',
  machine,
  options: { rounds: 2, suites: ['api'], parallel: 4, loadSeconds: undefined },
  cycles: [cycle('driver', 1, 12, 24), cycle('docker-cli', 1, 6, 12), cycle('driver', 2, 14, 26), cycle('docker-cli', 2, 4, 10), cycle('compose', 1, 7, 13), cycle('compose', 2, 1, 1, false)],
  concurrency: { runs: 4, wallSeconds: 60, singleSeconds: 25, ratio: 2.4, ok: true, cycles: [] },
  notes: ['a note'],
});

describe('buildResults', () => {
  it('gives the ratio of the medians of (a) and (b)', () => {
    expect(results.ratios.fullCycle).toBeCloseTo(25 / 11);
    expect(results.ratios.provision).toBeCloseTo(13 / 5);
  });

  it('keeps the driver’s highest memory peak', () => {
    expect(results.driverPeakMemory?.totalBytes).toBe(400 * 1024 ** 2);
  });

  it('checks the issue’s targets against the medians', () => {
    const checks = Object.fromEntries(targetChecks(results).map((check) => [check.target, check.met]));
    expect(checks).toEqual({
      'full cycle (a)': true,
      'full cycle (a)/(b)': false,
      'provision to ready (a)': false,
      'teardown (a)': true,
      '4 branches at once / one': true,
      '4 branches at once: runs that passed': false,
      'full cycle (a)/(b), issue 13': false,
      'driver and suites peak (a)': true,
    });
  });
});

describe('results.md', () => {
  it('has one column per variant and the (a)/(b) ratio per phase', () => {
    const [header, , full] = phaseTable(results);
    expect(header).toBe('| phase (s) | (a) ephemeral run | (b) docker CLI | (c) docker-compose | (a)/(b) |');
    expect(full).toBe('| full cycle | 25.0 (24.0–26.0) | 11.0 (10.0–12.0) | 13.0 | 2.27× |');
  });

  it('says which cycles failed, the concurrency ratio and the memory peak', () => {
    const markdown = renderResultsMarkdown(results);
    expect(markdown).toContain('(c) docker-compose round 2 (bench-compose-2): exit 2 (provision-failed): boom');
    expect(markdown).toContain('**2.40×**');
    expect(markdown).toContain('**400 MiB** (driver 150 MiB, pulumi 250 MiB)');
    expect(markdown).toContain('| provision to ready (a) | ≤ 10 s | 13.0 s | **missed** |');
    expect(markdown).toContain('| driver and suites peak (a) | ≤ 1536 MiB | 400 MiB | met |');
  });

  it('sets the driver runs at once beside the same number of baselines at once', () => {
    const lines = concurrencyLines({
      runs: 4,
      wallSeconds: 100,
      singleSeconds: 25,
      ratio: 4,
      ok: true,
      cycles: [cycle('driver', 0, 40, 100), cycle('driver', 0, 60, 100)],
      baseline: { wallSeconds: 30, singleSeconds: 10, ratio: 3, ok: true, cycles: [cycle('docker-cli', 0, 20, 30)] },
    });
    expect(lines[0]).toContain("**4.00×**; each run's median provision 50.0 s");
    expect(lines[1]).toBe("- For comparison, 4 docker-CLI baselines at once: 30.0 s against 10.0 s alone: **3.00×**; each one's median provision 20.0 s.");
  });

  it('shows the provision timeline of the last passing round of each variant', () => {
    const markdown = renderResultsMarkdown(results);
    expect(markdown).toMatch(/\| db \| asked 0\.10 → started 0\.50 → done 7\.00 \| asked 0\.10 → started 0\.50 → done 2\.00 \| asked 0\.10 → started 0\.50 → done 3\.50 \|/);
  });
});

describe('results.svg', () => {
  const svg = renderResultsChart(results);

  it('is one SVG document with a bar per phase and variant that has a median', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const bars = svg.match(/<rect class="bar"/g) ?? [];
    // 7 phases × 3 variants.
    expect(bars).toHaveLength(21);
  });

  it('stacks each variant’s median phases end to end, each phase once', () => {
    const segments = svg.match(/<rect class="segment-bar"[^>]*><title>\(b\) docker CLI · [^<]*/g) ?? [];
    expect(segments.map((segment) => segment.split(' · ')[1]?.split(':')[0])).toEqual(['provision', 'seed', 'suite api', 'collect', 'teardown']);
  });

  it('lays a stage of suites that ran at once as one segment, as long as its longest, and leaves out the preview beside it', () => {
    const stats = (median: number) => ({ min: median, median, max: median, count: 3 });
    const segments = cycleSegments({
      'full cycle': { driver: stats(40) },
      provision: { driver: stats(6) },
      preview: { driver: stats(3) },
      'suite api': { driver: stats(4) },
      'suite queue': { driver: stats(3.5) },
      'suite auth': { driver: stats(5) },
      'suite data': { driver: stats(5.5) },
      teardown: { driver: stats(1.5) },
    }, stages);
    expect(segments.map(([name, phase]) => [name, phase.driver?.median])).toEqual([
      ['provision', 6],
      ['suite api + queue + auth', 5],
      ['suite data', 5.5],
      ['teardown', 1.5],
    ]);
  });

  it('names every variant in the legend and titles each bar with its figures', () => {
    for (const title of ['(a) ephemeral run', '(b) docker CLI', '(c) docker-compose']) expect(svg).toContain(title);
    expect(svg).toContain('<title>(a) ephemeral run · provision: median 13.00 s, min 12.00, max 14.00, n=2</title>');
  });

  it('escapes text and picks round axis steps', () => {
    expect(escapeXml('a<b & "c"')).toBe('a&lt;b &amp; &quot;c&quot;');
    expect(tickStep(26)).toBe(10);
    expect(tickStep(4.2)).toBe(1);
    expect(tickStep(0.4)).toBe(0.1);
  });
});

describe('bench options', () => {
  it('defaults to 3 rounds, every suite, 4 at once, results under bench/', () => {
    expect(resolveBenchOptions({}, '/repo', reference.suites)).toEqual({ cases: ['run', 'upgrade', 'docker-cli', 'compose', 'pg', 'kubernetes', 'cluster', 'parallel'], rounds: 3, suites: ['api', 'queue', 'auth', 'data', 'ui', 'load'], suiteStages: stages, parallel: 4, loadSeconds: undefined, upgradeFrom: true, outputDir: '/repo/bench' });
  });

  it('measures the upgrade-path cycle from the default branch, a given REF, or not at all', () => {
    expect(resolveBenchOptions({ upgradeFrom: 'v1' }, '/repo').upgradeFrom).toBe('v1');
    expect(resolveBenchOptions({ upgradeFrom: 'none' }, '/repo')).not.toHaveProperty('upgradeFrom');
    expect(() => resolveBenchOptions({ upgradeFrom: '--rounds' }, '/repo')).toThrow(/bad --upgrade-from "--rounds"/);
  });

  it('takes rounds, suites, parallel and load seconds', () => {
    expect(resolveBenchOptions({ rounds: '1', suites: 'ui,api', parallel: '0', loadSeconds: '5' }, '/repo', reference.suites)).toMatchObject({ rounds: 1, suites: ['api', 'ui'], suiteStages: [['api'], ['ui']], parallel: 0, loadSeconds: 5 });
  });

  it('refuses bad numbers with the fix', () => {
    expect(() => resolveBenchOptions({ rounds: '0' }, '/repo')).toThrow(/bad --rounds "0"/);
    expect(() => resolveBenchOptions({ parallel: 'two' }, '/repo')).toThrow(/bad --parallel/);
    expect(() => resolveBenchOptions({ loadSeconds: '-1' }, '/repo')).toThrow(/bad --load-seconds/);
    expect(() => resolveBenchOptions({ suites: 'nope' }, '/repo')).toThrow(/unknown suite/);
  });
});

describe('the upgrade-path cycle (u) beside a plain cycle (a)', () => {
  const withUpgrade = buildResults({
    generatedAt: '2026-11-25T05:00:00.000Z',
    machine,
    options: { rounds: 2, suites: ['api'], parallel: 0, loadSeconds: undefined, upgradeFrom: 'main' },
    cycles: [cycle('driver', 1, 12, 20), cycle('upgrade', 1, 12, 30), cycle('driver', 2, 12, 22), cycle('upgrade', 2, 12, 36), cycle('upgrade', 3, 1, 1, false)],
    concurrency: undefined,
    notes: [],
  });

  it('gives the ratio of the medians of (u) and (a), over the cycles that passed', () => {
    expect(withUpgrade.ratios.upgrade).toBeCloseTo(33 / 21);
    expect(results.ratios.upgrade).toBeUndefined();
  });

  it('checks it against the target of 1.6× and shows it beside (a) in the table', () => {
    expect(targetChecks(withUpgrade).find((check) => check.target === 'upgrade-path cycle (u)/(a)')).toMatchObject({ limit: '≤ 1.6×', met: true });
    const markdown = renderResultsMarkdown(withUpgrade);
    expect(markdown).toContain('(u) ephemeral run --upgrade-from');
    expect(markdown).toContain('Upgrade-path cycle (u)/(a), the same suites: **1.57×**');
  });

  it('passes --upgrade-from to the driver run of (u), the flag alone for the default branch', async () => {
    const { driverRunArgs } = await import('../../scripts/bench/driver-cycle.ts');
    const request = { branch: 'bench/u-1', suites: ['api'], loadSeconds: undefined, artifactsRoot: '/a' };
    expect(driverRunArgs(request)).not.toContain('--upgrade-from');
    expect(driverRunArgs({ ...request, upgradeFrom: true }).slice(-1)).toEqual(['--upgrade-from']);
    expect(driverRunArgs({ ...request, upgradeFrom: 'main' }).slice(-2)).toEqual(['--upgrade-from', 'main']);
  });
});
