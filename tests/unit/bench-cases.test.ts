// Choosing the bench's cases (--only, --skip, and the yardsticks that come along), the
// plan of the driver cases a round runs, and the driver's arguments and failure reasons.
import { describe, expect, it } from 'vitest';
import { benchCases, selectBenchCases } from '../../scripts/bench/bench-cases.ts';
import { resolveBenchOptions } from '../../scripts/bench/bench-options.ts';
import { noteRefusal, plannedDriverCases } from '../../scripts/bench/driver-cases.ts';
import type { CaseFailure, CycleMeasurement } from '../../scripts/bench/bench-types.ts';
import { driverRunArgs, failedRunReason } from '../../scripts/bench/driver-cycle.ts';
import type { EphemeralError } from '../../scripts/errors.ts';

const noLeftovers = async () => [];

describe('selectBenchCases', () => {
  it('measures every case by default, in report order', () => {
    expect(selectBenchCases({})).toEqual([...benchCases]);
  });

  it('brings the yardstick of a chosen case along: (a) for (u), (s) and (k); (a) and (b) for the runs at once', () => {
    expect(selectBenchCases({ only: 'pg,upgrade' })).toEqual(['run', 'upgrade', 'pg']);
    expect(selectBenchCases({ only: 'kubernetes' })).toEqual(['run', 'kubernetes']);
    expect(selectBenchCases({ only: 'parallel' })).toEqual(['run', 'docker-cli', 'parallel']);
    expect(selectBenchCases({ only: 'cluster' })).toEqual(['cluster']);
  });

  it('leaves out skipped cases, e.g. the Kubernetes ones for Docker alone', () => {
    expect(selectBenchCases({ skip: 'kubernetes,cluster' })).toEqual(['run', 'upgrade', 'docker-cli', 'compose', 'pg', 'parallel']);
  });

  it('leaves out what --upgrade-from none and --parallel 0 turn off, and refuses --only naming one of them', () => {
    expect(selectBenchCases({ off: { upgrade: '--upgrade-from none', parallel: '--parallel 0' } })).not.toContain('upgrade');
    expect(() => selectBenchCases({ only: 'upgrade', off: { upgrade: '--upgrade-from none' } })).toThrow('--only upgrade and --upgrade-from none contradict each other');
  });

  it('refuses an unknown case, both options at once, and skipping a yardstick a chosen case needs, each with the fix', () => {
    expect(() => selectBenchCases({ only: 'pg,postgresql' })).toThrow(/bad --only "pg,postgresql": unknown case postgresql/);
    expect(() => selectBenchCases({ only: ' , ' })).toThrow(/bad --only/);
    expect(() => selectBenchCases({ only: 'pg', skip: 'run' })).toThrow('--only and --skip were both given');
    expect(() => selectBenchCases({ skip: 'run' })).toThrow('--skip run leaves upgrade without its yardstick');
    expect(selectBenchCases({ skip: 'run,upgrade,pg,kubernetes,parallel' })).toEqual(['docker-cli', 'compose', 'cluster']);
  });

  it('is what the bench options carry: (u) and the runs at once only when chosen', () => {
    const options = resolveBenchOptions({ only: 'pg' }, '/repo');
    expect(options.cases).toEqual(['run', 'pg']);
    expect(options.parallel).toBe(0);
    expect(options).not.toHaveProperty('upgradeFrom');
    expect(resolveBenchOptions({ only: 'upgrade', upgradeFrom: 'v1' }, '/repo').upgradeFrom).toBe('v1');
    const refusal = (() => {
      try {
        resolveBenchOptions({ only: 'nope' }, '/repo');
      } catch (error) {
        return error as EphemeralError;
      }
      return undefined;
    })();
    expect(refusal).toMatchObject({ exitCode: 64, message: 'bad --only "nope": unknown case nope' });
    expect(refusal?.remedy).toContain('pass cases, comma-separated, of: run, upgrade,');
  });
});

describe('plannedDriverCases', () => {
  const backend = { backendUrl: 'postgres://postgres:secret@127.0.0.1:5999/bench?sslmode=disable', passphrase: 'team-passphrase' };

  it('runs (a) first, then the cases measured against it, each as its own variant', () => {
    const planned = plannedDriverCases(new Set(benchCases), { upgradeFrom: 'main' }, backend, noLeftovers);
    expect(planned.map((driverCase) => [driverCase.name, driverCase.variant])).toEqual([
      ['run', 'driver'],
      ['upgrade', 'upgrade'],
      ['pg', 'postgres'],
      ['kubernetes', 'kubernetes'],
    ]);
    expect(planned.every((driverCase) => driverCase.request.variant === driverCase.variant && !driverCase.refused)).toBe(true);
  });

  it('gives (s) the backend URL and passphrase through the environment, never its arguments', () => {
    const pg = plannedDriverCases(new Set(['run', 'pg'] as const), {}, backend, noLeftovers).find((driverCase) => driverCase.name === 'pg');
    expect(pg?.request.env).toEqual({ PULUMI_BACKEND_URL: backend.backendUrl, PULUMI_CONFIG_PASSPHRASE: 'team-passphrase' });
    const args = driverRunArgs({ branch: 'bench/s-1', suites: ['api'], loadSeconds: undefined, artifactsRoot: '/a', ...pg?.request });
    expect(args.join(' ')).not.toContain('secret');
    expect(args).not.toContain('--backend');
  });

  it('leaves (s) out when its PostgreSQL did not start, and (u) when there is no REF', () => {
    const planned = plannedDriverCases(new Set(['run', 'upgrade', 'pg'] as const), {}, undefined, noLeftovers);
    expect(planned.map((driverCase) => driverCase.name)).toEqual(['run']);
  });

  it('runs (k) with --target kubernetes and looks for its namespaces as well as Docker objects afterwards', async () => {
    const seen: string[] = [];
    const clusterLeftovers = async (slug: string) => {
      seen.push(slug);
      return [`namespace/${slug}`];
    };
    const k8s = plannedDriverCases(new Set(['run', 'kubernetes'] as const), {}, undefined, clusterLeftovers).find((driverCase) => driverCase.name === 'kubernetes');
    expect(driverRunArgs({ branch: 'bench/k-1', suites: ['api'], loadSeconds: undefined, artifactsRoot: '/a', ...k8s?.request }).slice(-2)).toEqual(['--target', 'kubernetes']);
    expect(await k8s?.request.findLeftovers?.('bench-k-1-none-zz9')).toContain('namespace/bench-k-1-none-zz9');
    expect(seen).toEqual(['bench-k-1-none-zz9']);
  });
});

describe('noteRefusal', () => {
  const measured = (exitCode: number, error?: string): CycleMeasurement => ({
    variant: 'kubernetes',
    round: 1,
    slug: 'bench-k-1-abc',
    ok: exitCode === 0,
    wallSeconds: 1.6,
    phases: { 'full cycle': 1.6 },
    suites: [],
    timeline: [],
    leftBehind: [],
    exitCode,
    ...(error ? { error } : {}),
    artifactsDir: '/a',
  });

  it('marks a case the driver refused (exit 64) so that its later rounds are skipped, and reports it once with the reason', () => {
    const [k8s] = plannedDriverCases(new Set(['kubernetes'] as const), {}, undefined, noLeftovers);
    const failures: CaseFailure[] = [];
    noteRefusal(k8s!, measured(64, 'exit 64: the kubernetes target is not available yet'), failures);
    noteRefusal(k8s!, measured(64, 'exit 64: the kubernetes target is not available yet'), failures);
    expect(k8s?.refused).toBe(true);
    expect(failures).toEqual([{ case: 'kubernetes', reason: 'exit 64: the kubernetes target is not available yet' }]);
  });

  it('leaves a case that ran and failed otherwise to its next round: one failed cycle is not the case', () => {
    const [k8s] = plannedDriverCases(new Set(['kubernetes'] as const), {}, undefined, noLeftovers);
    const failures: CaseFailure[] = [];
    noteRefusal(k8s!, measured(2, 'exit 2 (provision-failed): the stack outputs do not match'), failures);
    noteRefusal(k8s!, measured(0), failures);
    expect(k8s?.refused).toBe(false);
    expect(failures).toEqual([]);
  });
});

describe('failedRunReason', () => {
  it('takes the first line of the driver’s --json error, with its exit code', () => {
    const stdout = JSON.stringify({ ok: false, error: 'the kubernetes target is not available yet\n  fix: use --target docker (the default)' });
    expect(failedRunReason(stdout, 64, '/log')).toBe('exit 64: the kubernetes target is not available yet');
  });

  it('points at the log when the driver printed no answer', () => {
    expect(failedRunReason('', 'SIGKILL', '/tmp/k-1.stderr.log')).toBe('the driver exited with SIGKILL without a summary; see /tmp/k-1.stderr.log');
  });
});
