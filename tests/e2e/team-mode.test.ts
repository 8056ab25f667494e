// Team mode, end to end: a PostgreSQL started for the test holds the Pulumi state, the
// branch locks and the environment records; two runners are two CLI processes with
// their own runner ids (EPHEMERAL_RUNNER_ID) that share only that database (and the
// machine's toolchain cache). The smoke stack keeps each cycle short.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBaseImageRefs } from '../../scripts/components/base-images.ts';
import { acquireBranchLock } from '../../scripts/lifecycle/branch-lock.ts';
import { postgresCoordinationStore } from '../../scripts/coordination/postgres-coordination-store.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { type TestPostgres, startTestPostgres } from './support/test-postgres.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts', 'team-mode');
const config = 'tests/e2e/fixtures/team-smoke/ephemeral.config.ts';
const passphrase = randomBytes(16).toString('hex');
const id = randomBytes(3).toString('hex');
let db: TestPostgres;

function teamEnv(runner: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PULUMI_BACKEND_URL: db.url(), PULUMI_CONFIG_PASSPHRASE: passphrase, EPHEMERAL_RUNNER_ID: runner, ...extra };
}

function cli(runner: string, args: string[], extra: Record<string, string> = {}) {
  const lifecycle = ['run', 'up', 'down'].includes(args[0] ?? '') ? ['--config', config, '--artifacts', artifactsRoot] : [];
  const suites = args[0] === 'run' ? ['--suites', 'hold'] : [];
  return execa(process.execPath, ['scripts/cli/main.ts', ...args, ...lifecycle, ...suites], { reject: false, all: true, env: teamEnv(runner, extra), detached: true });
}

interface Summary {
  phases: Array<{ name: string; startedAt: string; seconds: number }>;
  errors: string[];
  leftBehind: string[];
  exitCode: number;
}

function summaryOf(output: string): Summary {
  const dir = /artifacts: (\S+)/.exec(output)?.[1];
  if (!dir) throw new Error(`no artifacts line in:\n${output}`);
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

function phase(summary: Summary, name: string): { start: number; end: number } {
  const found = summary.phases.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no phase ${name}`);
  const start = new Date(found.startedAt).getTime();
  return { start, end: start + found.seconds * 1000 };
}

interface Listing {
  slug: string;
  owner?: { runner: string; host: string };
  state: string;
}

async function listOn(runner: string): Promise<Listing[]> {
  const listed = await cli(runner, ['list', '--json']);
  expect(listed.exitCode, listed.all).toBe(0);
  return (JSON.parse(listed.stdout) as { environments: Listing[] }).environments;
}

async function nothingLeftOf(slug: string): Promise<void> {
  expect(await listLabelledObjects(`${labelKeys.stack}=${slug}`)).toEqual([]);
  expect((await listOn('runner-a')).map((listing) => listing.slug)).not.toContain(slug);
}

/** Waits until the child's output matches, then returns how long that took. */
async function waitForOutput(child: ReturnType<typeof cli>, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  let seen = '';
  child.all?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(seen)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${pattern}:\n${seen}`);
    await sleep(200);
  }
}

describe('team mode: runners share one PostgreSQL', () => {
  beforeAll(async () => {
    db = await startTestPostgres(readBaseImageRefs(toolchain).postgres);
  });

  afterAll(async () => {
    // Whatever a failed assertion left: reclaimed through the same database, then the database goes.
    if (db) {
      await db.start().catch(() => undefined);
      await cli('runner-a', ['gc']);
      await db.remove();
    }
  });

  it('runs the same branch on two runners at once one after the other', async () => {
    const branch = `team/both-${id}`;
    const [first, second] = await Promise.all([cli('runner-a', ['run', '--branch', branch]), cli('runner-b', ['run', '--branch', branch])]);
    expect(first.exitCode, first.all).toBe(0);
    expect(second.exitCode, second.all).toBe(0);
    const [a, b] = [summaryOf(first.all), summaryOf(second.all)];
    const [earlier, later] = phase(a, 'up').start < phase(b, 'up').start ? [a, b] : [b, a];
    expect(phase(later, 'up').start).toBeGreaterThanOrEqual(phase(earlier, 'down').end);
    const waited = [first.all, second.all].filter((output) => /lock: waiting for run \S+ \(pid \d+ on runner runner-[ab] on /.test(output));
    expect(waited).toHaveLength(1);
    await nothingLeftOf(branchSlug(branch));
  });

  it('refuses a wrong or missing passphrase with exit 64 before anything is created', async () => {
    const branch = `team/wrong-${id}`;
    const wrong = await cli('runner-b', ['run', '--branch', branch], { PULUMI_CONFIG_PASSPHRASE: 'not-the-team-passphrase' });
    expect(wrong.exitCode, wrong.all).toBe(64);
    expect(wrong.all).toContain('is not the passphrase the shared backend');
    expect(wrong.all).not.toContain(db.url());
    const missing = await cli('runner-b', ['up', '--branch', branch], { PULUMI_CONFIG_PASSPHRASE: '' });
    expect(missing.exitCode, missing.all).toBe(64);
    expect(missing.all).toContain('PULUMI_CONFIG_PASSPHRASE is not set');
    await nothingLeftOf(branchSlug(branch));
  });

  it('lists the same environments, with their owner, on both runners; the other runner can take it down', async () => {
    const branch = `team/kept-${id}`;
    const slug = branchSlug(branch);
    const up = await cli('runner-a', ['up', '--branch', branch, '--ttl', '1h']);
    expect(up.exitCode, up.all).toBe(0);
    const [onA, onB] = await Promise.all([listOn('runner-a'), listOn('runner-b')]);
    expect(onA).toEqual(onB);
    expect(onA.find((listing) => listing.slug === slug)).toMatchObject({ owner: { runner: 'runner-a' }, state: 'running' });
    const down = await cli('runner-b', ['down', '--branch', branch]);
    expect(down.exitCode, down.all).toBe(0);
    await nothingLeftOf(slug);
  });

  it('lets the other runner take over the branch of a runner killed mid-run, and its gc leaves nothing', async () => {
    const branch = `team/killed-${id}`;
    const slug = branchSlug(branch);
    const victim = cli('runner-a', ['run', '--branch', branch, '--fault', 'hold-long']);
    await waitForOutput(victim, /holding for 120 s/);
    process.kill(-victim.pid!, 'SIGKILL');
    await victim;
    const killedAt = Date.now();
    const survivor = await cli('runner-b', ['run', '--branch', branch]);
    expect(survivor.exitCode, survivor.all).toBe(0);
    const takeover = phase(summaryOf(survivor.all), 'lock');
    console.log(`team mode: lock taken over ${((takeover.end - killedAt) / 1000).toFixed(1)} s after kill -9 of the holder on this host (lock phase ${((takeover.end - takeover.start) / 1000).toFixed(1)} s)`);
    const gc = await cli('runner-b', ['gc']);
    expect(gc.exitCode, gc.all).toBe(0);
    await nothingLeftOf(slug);
  });

  it('takes over the lease of a runner that stopped renewing only once it ran out, and only one contender wins', async () => {
    const slug = `team-lease-${id}`;
    const owner = (runner: string, host: string) => ({ url: db.url(), location: 'test', owner: { runner, host }, env: { PULUMI_CONFIG_PASSPHRASE: passphrase } });
    // A runner on another host: its process cannot be checked from here, only its lease.
    const lost = postgresCoordinationStore(owner('runner-lost', 'elsewhere'));
    const taken = await lost.tryTakeLock(slug, { runId: 'lost-run' });
    expect('lock' in taken).toBe(true);
    // It loses the database: no more heartbeats.
    await lost.close();
    const stoppedAt = Date.now();
    const contenders = Array.from({ length: 4 }, (_, index) => postgresCoordinationStore(owner(`runner-${index}`, 'elsewhere-too')));
    try {
      expect(await contenders[0]!.isBusy(slug)).toBe(true);
      const first = await acquireBranchLock({ store: contenders[0]!, slug, owner: { runId: 'new-run' }, mode: 'wait', signal: AbortSignal.timeout(60_000), waitTimeoutMs: 60_000, progress: () => {} });
      const seconds = (Date.now() - stoppedAt) / 1000;
      console.log(`team mode: lease of a silent runner taken over after ${seconds.toFixed(1)} s`);
      expect(seconds).toBeGreaterThan(5);
      await first.release();
      // Free again, expired-lease style: of eight simultaneous attempts exactly one wins.
      const attempts = await Promise.all(contenders.flatMap((store) => [store.tryTakeLock(slug, { runId: 'a' }), store.tryTakeLock(slug, { runId: 'b' })]));
      const winners = attempts.filter((attempt) => 'lock' in attempt);
      expect(winners).toHaveLength(1);
      for (const winner of winners) if ('lock' in winner) await winner.lock.release();
    } finally {
      await Promise.all(contenders.map((store) => store.close()));
    }
  });

  it('fails clearly when the database goes away mid-run, keeps the artifacts, and gc finds everything once it is back', async () => {
    const branch = `team/cut-${id}`;
    const slug = branchSlug(branch);
    const run = cli('runner-a', ['run', '--branch', branch, '--fault', 'hold-10s']);
    await waitForOutput(run, /holding for 10 s/);
    await db.stop();
    const result = await run;
    expect([2, 3], result.all).toContain(result.exitCode);
    const summary = summaryOf(result.all);
    expect(existsSync(join(/artifacts: (\S+)/.exec(result.all)![1]!, 'hold', 'junit.xml'))).toBe(true);
    expect([...summary.errors, ...summary.leftBehind].join('\n')).toMatch(/pulumi|database|does not answer/i);
    await db.start();
    const gc = await cli('runner-b', ['gc']);
    expect(gc.exitCode, gc.all).toBe(0);
    await nothingLeftOf(slug);
  });
});
