// The figures of the cases beside (a): (s) the PostgreSQL state backend, (k) the
// Kubernetes target, the local cluster's own timing, and cases that could not measure;
// and the docker arguments of (s)'s database.
import { describe, expect, it } from 'vitest';
import { benchPostgresArgs, benchPostgresLabel, parsePublishedPort } from '../../scripts/bench/bench-postgres.ts';
import type { CycleMeasurement, MachineFacts } from '../../scripts/bench/bench-types.ts';
import { renderResultsChart } from '../../scripts/bench/results-chart.ts';
import { renderResultsMarkdown } from '../../scripts/bench/results-table.ts';
import { buildResults, targetChecks } from '../../scripts/bench/results.ts';

const machine: MachineFacts = { cores: 2, memoryBytes: 8 * 1024 ** 3, node: 'v24.0.0', docker: '20.10.24 (API 1.41)', compose: undefined, load: [1, 1, 1] };
const mib = 1024 ** 2;

function cycle(variant: CycleMeasurement['variant'], round: number, figures: { provision: number; teardown: number; full: number; memory?: number }, ok = true): CycleMeasurement {
  return {
    variant,
    round,
    slug: `bench-${variant}-${round}`,
    ok,
    wallSeconds: figures.full,
    phases: { 'full cycle': figures.full, 'without suites': figures.full - 5, provision: figures.provision, 'suite api': 5, teardown: figures.teardown },
    suites: [{ suite: 'api', passed: 37, failed: 0, skipped: 0 }],
    timeline: [],
    ...(figures.memory === undefined ? {} : { peakMemory: { totalBytes: figures.memory * mib, byGroup: { driver: figures.memory * mib }, samples: 10 } }),
    leftBehind: [],
    ...(ok ? {} : { error: 'exit 64: the kubernetes target is not available yet', exitCode: 64 }),
    artifactsDir: '/tmp/x',
  };
}

const options = { rounds: 2, suites: ['api'], parallel: 0, loadSeconds: undefined };

describe('the PostgreSQL state backend (s) beside the file backend (a)', () => {
  const results = buildResults({
    generatedAt: '2026-12-03T14:00:00.000Z',
    machine,
    options: { ...options, cases: ['run', 'pg'] },
    cycles: [
      cycle('driver', 1, { provision: 10, teardown: 2, full: 30, memory: 400 }),
      cycle('postgres', 1, { provision: 12, teardown: 3, full: 33, memory: 420 }),
      cycle('driver', 2, { provision: 12, teardown: 4, full: 32, memory: 410 }),
      cycle('postgres', 2, { provision: 15, teardown: 5, full: 36, memory: 450 }),
    ],
    concurrency: undefined,
    notes: [],
  });

  it('gives the ratio of the medians of provision and of teardown, (s)/(a)', () => {
    expect(results.ratios.postgresProvision).toBeCloseTo(13.5 / 11);
    expect(results.ratios.postgresTeardown).toBeCloseTo(4 / 3);
    expect(results.ratios.kubernetesProvision).toBeUndefined();
  });

  it('shows (s) as a column beside (a), its ratios and its memory in results.md', () => {
    const markdown = renderResultsMarkdown(results);
    expect(markdown).toContain('# Benchmark: `ephemeral run`, the cases measured');
    expect(markdown).toContain('| phase (s) | (a) ephemeral run | (s) ephemeral run, PostgreSQL backend |');
    expect(markdown).toContain('Rounds: 2 (each: a, s)');
    expect(markdown).toContain('- PostgreSQL state backend against the file backend, (s)/(a): provision **1.23×**, teardown **1.33×**.');
    expect(markdown).toContain('- (s) ephemeral run, PostgreSQL backend peak memory, driver and suites: **450 MiB**.');
    expect(markdown).not.toContain('Kubernetes target against Docker');
    expect(markdown).toContain('- **provision**: provision to ready');
    expect(markdown).not.toContain('- **rollout**');
  });
});

describe('the Kubernetes target (k) beside Docker (a), and the local cluster', () => {
  const cluster = { ok: true, steps: ['down', 'up'] as Array<'down' | 'up'>, downSeconds: 3.4, downWallSeconds: 4.1, nodeReadySeconds: 6.2, dnsReadySeconds: 8.9, upWallSeconds: 11 };
  const results = buildResults({
    generatedAt: '2026-12-03T14:00:00.000Z',
    machine,
    options: { ...options, cases: ['run', 'kubernetes', 'cluster'] },
    cycles: [cycle('driver', 1, { provision: 10, teardown: 2, full: 30, memory: 400 }), cycle('kubernetes', 1, { provision: 25, teardown: 8, full: 50, memory: 600 })],
    concurrency: undefined,
    notes: [],
    cluster,
  });

  it('gives (k)/(a) for provision, full cycle and teardown, and the peak memory of (k)’s driver and suites', () => {
    expect(results.ratios).toMatchObject({ kubernetesProvision: 2.5, kubernetesFullCycle: 50 / 30, kubernetesTeardown: 4 });
    expect(results.peakMemoryByVariant?.kubernetes?.totalBytes).toBe(600 * mib);
    expect(results.driverPeakMemory?.totalBytes).toBe(400 * mib);
  });

  it('checks issue 11’s targets: (k)/(a) provision ≤ 2×, teardown ≤ 10 s, cluster start ≤ 15 s, cluster down ≤ 10 s', () => {
    const checks = Object.fromEntries(targetChecks(results).map((check) => [check.target, [check.limit, check.measured, check.met]]));
    expect(checks['provision to ready (k)/(a)']).toEqual(['≤ 2×', 2.5, false]);
    expect(checks['teardown (k)']).toEqual(['≤ 10 s', 8, true]);
    expect(checks['cluster start to node Ready']).toEqual(['≤ 15 s', 6.2, true]);
    expect(checks['cluster teardown (cluster down)']).toEqual(['≤ 10 s', 3.4, true]);
  });

  it('shows the ratios, the cluster’s figures and each target as met or missed in results.md', () => {
    const markdown = renderResultsMarkdown(results);
    expect(markdown).toContain('- Kubernetes target against Docker, (k)/(a): provision to ready **2.50×**, full cycle 1.67×, teardown 4.00×.');
    expect(markdown).toContain('- Local cluster (cluster down, then cluster up): start to node Ready **6.20 s**, to CoreDNS available 8.90 s (`cluster up` 11.0 s in all); `cluster down` **3.40 s** (4.10 s in all).');
    expect(markdown).toContain('| provision to ready (k)/(a) | ≤ 2× | 2.50× | **missed** |');
    expect(markdown).toContain('| cluster start to node Ready | ≤ 15 s | 6.20 s | met |');
  });

  it('names every variant in the chart’s legend, on rows of three, and keeps the row labels short', () => {
    const svg = renderResultsChart(results);
    expect(svg).toContain('>(k) ephemeral run --target kubernetes</text>');
    expect(svg).toContain('>(k) Kubernetes</text>');
    expect(svg).toContain('ephemeral run, the cases measured');
    expect(svg).toContain(' · provision (k)/(a) 2.50×');
  });
});

describe('a case that could not measure', () => {
  const results = buildResults({
    generatedAt: '2026-12-03T14:00:00.000Z',
    machine,
    options: { ...options, rounds: 1, cases: ['run', 'kubernetes', 'cluster'] },
    cycles: [cycle('driver', 1, { provision: 10, teardown: 2, full: 30 }), cycle('kubernetes', 1, { provision: 0, teardown: 0, full: 1, memory: 200 }, false)],
    concurrency: undefined,
    notes: [],
    cluster: { ok: false, steps: [], error: 'the cluster holds namespaces of others (netpol-demo): taking it down would break them' },
    caseFailures: [
      { case: 'kubernetes', reason: 'exit 64: the kubernetes target is not available yet' },
      { case: 'cluster', reason: 'the cluster holds namespaces of others (netpol-demo): taking it down would break them' },
    ],
  });

  it('is listed with its reason; its targets read "not measured", (a)’s figures stand', () => {
    const markdown = renderResultsMarkdown(results);
    expect(markdown).toContain('## Cases that could not measure');
    expect(markdown).toContain('- **kubernetes**: exit 64: the kubernetes target is not available yet');
    expect(markdown).toContain('- (k) ephemeral run --target kubernetes round 1 (bench-kubernetes-1): exit 64: the kubernetes target is not available yet');
    expect(markdown).toContain('| provision to ready (k)/(a) | ≤ 2× | – | not measured |');
    expect(markdown).toContain('| cluster start to node Ready | ≤ 15 s | – | not measured |');
    expect(results.phases['provision']?.driver?.median).toBe(10);
    expect(results.peakMemoryByVariant).not.toHaveProperty('kubernetes');
  });
});

describe('the PostgreSQL of (s)', () => {
  it('is published on 127.0.0.1 only, labelled as the bench’s, with the password from the environment', () => {
    const args = benchPostgresArgs('bench-pg-abc123', 'ephemeral/postgres:16-deadbeef');
    expect(args).toContain('127.0.0.1::5432');
    expect(args.filter((arg) => arg.startsWith('--publish') || arg.includes('5432'))).toEqual(['--publish', '127.0.0.1::5432']);
    expect(args).toContain(`${benchPostgresLabel}=bench-pg-abc123`);
    expect(args[args.indexOf('POSTGRES_PASSWORD') - 1]).toBe('--env');
    expect(args.join(' ')).not.toMatch(/POSTGRES_PASSWORD=/);
  });

  it('reads the host port from docker port', () => {
    expect(parsePublishedPort('127.0.0.1:49213\n')).toBe('49213');
    expect(parsePublishedPort('0.0.0.0:49213\n')).toBeUndefined();
  });
});
