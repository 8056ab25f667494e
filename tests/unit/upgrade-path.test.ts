// The pure core of the upgrade path: the rollout's plan from engine events, the probe's
// gap computation and the downtime limit, `--upgrade-from` parsing, the REF's resolution
// (a bad one is exit 64), the stack-declaration check, the contract's `upgrade` field, and
// the summary's upgrade section.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '@pulumi/pulumi/automation/index.js';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { renderSummaryMarkdown, type RunSummary } from '../../scripts/artifacts/run-summary.ts';
import { resolveRunOptions } from '../../scripts/config/run-options.ts';
import { formatConfigIssues, projectConfigSchema } from '../../scripts/contract/config-schema.ts';
import type { ProjectConfig } from '../../scripts/contract/define-config.ts';
import { EphemeralError } from '../../scripts/errors.ts';
import { downtimeError } from '../../scripts/lifecycle/upgrade-path.ts';
import { downtimeOverLimit, entryPointDowntime, longestGapMs, type ProbeSample } from '../../scripts/upgrade/probe-stats.ts';
import { stackDeclarationMismatch } from '../../scripts/upgrade/ref-checkout.ts';
import { engineErrorLines, rolloutPlanOf } from '../../scripts/upgrade/rollout-plan.ts';
import { chooseDefaultBranch, resolveUpgradeSource } from '../../scripts/upgrade/upgrade-ref.ts';
import type { UpgradeReport } from '../../scripts/upgrade/upgrade-report.ts';

const urn = (type: string, name: string) => `urn:pulumi:s::ephemeral::${type}::${name}`;
function pre(op: string, type: string, name: string): EngineEvent {
  return { sequence: 0, timestamp: 0, resourcePreEvent: { metadata: { op, urn: urn(type, name), type, provider: '' } } } as unknown as EngineEvent;
}
const container = 'docker:index/container:Container';

describe('the rollout plan', () => {
  it('sorts the engine events of an update into replaced, updated, created, deleted and unchanged', () => {
    const plan = rolloutPlanOf([
      pre('same', 'pulumi:pulumi:Stack', 'ephemeral-s'),
      pre('same', 'docker:index/volume:Volume', 's-db-data'),
      pre('replace', container, 's-web'),
      pre('delete-replaced', container, 's-web'),
      pre('create-replacement', container, 's-web'),
      pre('update', container, 's-api-1'),
      pre('create', container, 's-worker-3'),
      pre('delete', container, 's-old-cron'),
    ]);
    expect(plan).toEqual({
      replaced: [`s-web (${container})`],
      updated: [`s-api-1 (${container})`],
      created: [`s-worker-3 (${container})`],
      deleted: [`s-old-cron (${container})`],
      unchanged: 1,
    });
  });

  it("names what failed from the engine's error diagnostics, without the services' JSON log lines", () => {
    const diagnostic = (severity: string, message: string) => ({ sequence: 0, timestamp: 0, diagnosticEvent: { message, severity, color: 'never' } }) as unknown as EngineEvent;
    const events = [
      diagnostic('info', 'pulling'),
      diagnostic('error', 'Program failed with an unhandled exception:\nError: s-migrate exited with 1:\n{"level":"fatal","msg":"migration 900 failed"}\n'),
      diagnostic('error', 'Error: s-migrate exited with 1:'),
    ];
    expect(engineErrorLines(events)).toEqual(['Program failed with an unhandled exception:', 'Error: s-migrate exited with 1:']);
  });

  it('is empty for no events', () => {
    expect(rolloutPlanOf([])).toEqual({ replaced: [], updated: [], created: [], deleted: [], unchanged: 0 });
  });
});

describe('the probe', () => {
  const sample = (at: number, ok: boolean, url = 'http://a/health'): ProbeSample => ({ at, ok, url });

  it('measures the longest span without a good answer, across failures and the window edges', () => {
    const samples = [sample(0, true), sample(100, true), sample(200, false), sample(300, false), sample(400, true), sample(500, true)];
    expect(longestGapMs(samples, { start: 0, end: 520 })).toBe(300);
    // Down from the start until the first good answer, and after the last one until the end.
    expect(longestGapMs([sample(700, true)], { start: 0, end: 800 })).toBe(700);
    expect(longestGapMs([sample(100, true)], { start: 0, end: 2000 })).toBe(1900);
    expect(longestGapMs([], { start: 0, end: 1500 })).toBe(1500);
  });

  it('counts requests and failures, and the URLs an entry point moved through', () => {
    const samples = [sample(0, true, 'http://a:1/health'), sample(90, false, 'http://a:1/health'), sample(200, true, 'http://a:2/health')];
    expect(entryPointDowntime('web', samples, { start: 0, end: 210 })).toEqual({
      entryPoint: 'web',
      requests: 3,
      failed: 1,
      longestGapMs: 200,
      urls: ['http://a:1/health', 'http://a:2/health'],
    });
  });

  it('fails the run (exit 1) naming each entry point over upgrade.maxDowntimeMs, and only those', () => {
    const downtime = [
      { entryPoint: 'web', requests: 10, failed: 3, longestGapMs: 4000, urls: [] },
      { entryPoint: 'api', requests: 10, failed: 0, longestGapMs: 200, urls: [] },
    ];
    expect(downtimeOverLimit(downtime, undefined)).toEqual([]);
    expect(downtimeOverLimit(downtime, 1000).map((entry) => entry.entryPoint)).toEqual(['web']);
    const report: UpgradeReport = { from: { ref: 'main', commit: 'a'.repeat(40) }, dependencies: {}, rolloutSeconds: 5, plan: undefined, downtime, maxDowntimeMs: 1000 };
    const error = downtimeError(report);
    expect(error?.exitCode).toBe(1);
    expect(error?.message).toMatch(/maxDowntimeMs \(1000 ms\): web 4000 ms$/);
    expect(downtimeError({ ...report, maxDowntimeMs: undefined })).toBeUndefined();
  });
});

describe('--upgrade-from', () => {
  const git = { branch: 'feature/x', shortCommit: 'abc1234' };

  it('is off unless given, the default branch when given alone, else the ref', () => {
    expect(resolveRunOptions({}, {}, git).upgradeFrom).toBeUndefined();
    expect(resolveRunOptions({ upgradeFrom: true }, {}, git).upgradeFrom).toBe(true);
    expect(resolveRunOptions({ upgradeFrom: 'v1.2' }, {}, git).upgradeFrom).toBe('v1.2');
  });

  it('refuses an empty ref or an option in its place with exit 64', () => {
    for (const ref of ['', '--keep']) {
      expect(() => resolveRunOptions({ upgradeFrom: ref }, {}, git)).toThrow(/not a git ref/);
    }
  });

  it('takes origin/HEAD as the default branch, else main, else master', () => {
    expect(chooseDefaultBranch('refs/remotes/origin/trunk', ['main'])).toBe('origin/trunk');
    expect(chooseDefaultBranch(undefined, ['master', 'main'])).toBe('main');
    expect(chooseDefaultBranch(undefined, ['master'])).toBe('master');
    expect(chooseDefaultBranch(undefined, [])).toBeUndefined();
  });

  it('resolves a ref to its commit, and refuses one git cannot resolve with exit 64 naming it', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'upgrade-ref-'));
    const run = (args: string[]) => execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: repo });
    await run(['init', '--quiet', '--initial-branch', 'main']);
    writeFileSync(join(repo, 'file'), 'one');
    await run(['add', 'file']);
    await run(['commit', '--quiet', '-m', 'one']);
    const head = (await run(['rev-parse', 'HEAD'])).stdout;
    expect(await resolveUpgradeSource('HEAD', repo)).toEqual({ ref: 'HEAD', commit: head });
    expect(await resolveUpgradeSource(true, repo)).toEqual({ ref: 'main', commit: head });
    const error = await resolveUpgradeSource('no-such-ref', repo).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EphemeralError);
    expect((error as EphemeralError).exitCode).toBe(64);
    expect((error as EphemeralError).message).toContain('"no-such-ref"');
  });
});

describe('the old version declares the same stack', () => {
  const program = () => async () => ({});
  const config = (extra: Partial<ProjectConfig> = {}): ProjectConfig => ({ name: 'p', targets: { docker: { program } }, entryPoints: { web: { output: 'webUrl' } }, ...extra });

  it('accepts the same target kind and entry points', () => {
    expect(stackDeclarationMismatch(config(), config(), 'docker')).toBeUndefined();
  });

  it('names a missing target, another target kind, or other entry points', () => {
    expect(stackDeclarationMismatch(config({ targets: { kubernetes: { program } } }), config(), 'docker')).toMatch(/declares no docker target/);
    expect(stackDeclarationMismatch(config({ targets: { docker: { workDir: 'infra' } } }), config(), 'docker')).toMatch(/workDir project/);
    expect(stackDeclarationMismatch(config({ entryPoints: { site: { output: 'u' } } }), config(), 'docker')).toMatch(/entry points \(site\)/);
  });
});

describe('the upgrade field of the contract', () => {
  const minimal = { name: 's', targets: { docker: { program: () => async () => ({}) } }, entryPoints: { web: { output: 'url' } } };
  const problems = (value: unknown) => {
    const parsed = projectConfigSchema.safeParse(value);
    return parsed.success ? [] : formatConfigIssues(parsed.error);
  };

  it('accepts before, after and a downtime limit', () => {
    expect(problems({ ...minimal, upgrade: { before: { command: ['node', 'b.ts'] }, after: { command: ['node', 'a.ts'], timeoutSeconds: 60 }, maxDowntimeMs: 5000 } })).toEqual([]);
  });

  it('names a bad step and a bad limit with the fix', () => {
    expect(problems({ ...minimal, upgrade: { before: { command: [] }, maxDowntimeMs: -1 } })).toEqual([
      'upgrade.before.command: upgrade.before.command is empty: give at least the program to run',
      expect.stringMatching(/^upgrade\.maxDowntimeMs: /),
    ]);
    expect(problems({ ...minimal, upgrade: { during: {} } })).toEqual([expect.stringMatching(/^upgrade: unknown field during/)]);
  });
});

describe('the summary', () => {
  it('shows the rollout plan, its duration and the downtime per entry point', () => {
    const summary = {
      runId: 'r', branch: 'b', slug: 'b', outcome: 'passed', exitCode: 0, startedAt: '2026-01-01T00:00:00Z', seconds: 1, phases: [], suites: [], fault: undefined,
      outputs: undefined, services: [], resources: [], errors: [], warnings: [], kept: false, expiresAt: undefined, leftBehind: [], artifactsDir: '/a',
      upgrade: {
        from: { ref: 'main', commit: '0123456789abcdef0123' }, dependencies: { 'package-lock.json': 'linked' }, rolloutSeconds: 12.34,
        plan: { replaced: ['b-web (docker:index/container:Container)'], updated: [], created: [], deleted: [], unchanged: 7 },
        downtime: [{ entryPoint: 'web', requests: 120, failed: 4, longestGapMs: 950, urls: ['x', 'y'] }], maxDowntimeMs: 5000,
      },
    } satisfies RunSummary;
    const markdown = renderSummaryMarkdown(summary);
    expect(markdown).toContain('From `main` (`0123456789ab`) to the current checkout; rollout 12.3s.');
    expect(markdown).toContain('| replaced | b-web (docker:index/container:Container) |');
    expect(markdown).toContain('| unchanged | 7 |');
    expect(markdown).toContain('Probe through the rollout (limit 5000 ms):');
    expect(markdown).toContain('| web | 120 | 4 | 950 ms | 2 |');
  });
});
