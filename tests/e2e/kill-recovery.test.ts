// A CI job cancelled hard, an OOM kill, a lost runner: `kill -9` of the driver's whole
// process group at several moments of a run, then one `gc` at once. Its exit code must
// be the truth: 0 only when nothing of the run is left, its lock is free and `list`
// shows nothing. Pulumi's plugins live in process groups of their own and survive the
// kill, as they do for users. Repeated (EPHEMERAL_KILL_ROUNDS, default 2) so that a
// timing-dependent leak shows; the driver killed alone (its `pulumi up` lives on), `down`
// after a kill and two `gc` at once are covered too.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ResultPromise, execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { listStackNames } from '../../scripts/environments/list-environments.ts';
import { isBranchBusy } from '../../scripts/lifecycle/branch-lock.ts';
import { parentPid } from '../../scripts/lifecycle/process-identity.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);
const artifactsRoot = join(toolchain.paths.root, 'test-artifacts');
const rounds = Number(process.env['EPHEMERAL_KILL_ROUNDS'] ?? 2);

type Child = ResultPromise<{ reject: false; all: true; detached: true }>;

interface Moment {
  name: string;
  /** Whether to kill now, from the driver's progress so far and the run's containers. */
  reached: (progress: string, containers: number) => boolean;
}

const moments: Moment[] = [
  { name: 'as up starts, before the first container', reached: (progress) => progress.includes('\nup ...') },
  { name: 'during creation, one container', reached: (_, containers) => containers >= 1 },
  { name: 'during creation, three containers', reached: (_, containers) => containers >= 3 },
  { name: 'right after up returned', reached: (progress) => progress.includes('\nup done') },
  { name: 'during the suites', reached: (progress) => /\nsuite \S+ \.\.\./.test(progress) },
];

function cli(args: string[]) {
  const artifacts = ['run', 'down'].includes(args[0]!) ? ['--artifacts', artifactsRoot] : [];
  return execa('node', ['scripts/cli/main.ts', ...args, ...artifacts], { reject: false, all: true });
}

async function containersOf(slug: string): Promise<number> {
  const { stdout } = await execa('docker', ['ps', '--all', '--quiet', '--filter', `label=${labelKeys.stack}=${slug}`]);
  return stdout.split('\n').filter(Boolean).length;
}

/**
 * Starts a run in a process group of its own and kills the whole group, -9, at the
 * moment; with `driverOnly`, the driver alone, so its `pulumi up` lives on.
 */
async function killRunAt(moment: Moment, driverOnly = false): Promise<{ branch: string; slug: string }> {
  const branch = `e2e/kill-${randomBytes(3).toString('hex')}`;
  const slug = branchSlug(branch);
  const child: Child = execa('node', ['scripts/cli/main.ts', 'run', '--branch', branch, '--suites', 'api', '--artifacts', artifactsRoot], {
    reject: false,
    all: true,
    detached: true,
  });
  let progress = '\n';
  child.stderr.on('data', (chunk: Buffer) => (progress += chunk.toString()));
  const deadline = Date.now() + 240_000;
  while (!moment.reached(progress, await containersOf(slug))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the run ended or stalled before "${moment.name}":\n${progress.slice(-3000)}`);
    await sleep(100);
  }
  process.kill(driverOnly ? child.pid! : -child.pid!, 'SIGKILL');
  await child;
  return { branch, slug };
}

/** Plugin processes of our PULUMI_HOME whose engine is gone. */
function orphanedPlugins(): number[] {
  const pluginsDir = join(toolchain.paths.pulumiHome, 'plugins');
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  return pids.filter((pid) => {
    const parent = parentPid(pid);
    return parent !== undefined && !commandOf(parent).endsWith('/pulumi') && commandOf(pid).startsWith(pluginsDir);
  });
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

async function expectNothingLeft(slug: string, verdict: { exitCode?: number; all?: string }): Promise<void> {
  const left = await listLabelledObjects(`${labelKeys.stack}=${slug}`);
  expect(left.map((object) => `${object.kind} ${object.name}`), verdict.all).toEqual([]);
  expect(verdict.exitCode, verdict.all).toBe(0);
  expect(await listStackNames(toolchain)).not.toContain(slug);
  expect(isBranchBusy(toolchain.paths.branchLocks, slug)).toBe(false);
  expect(existsSync(join(toolchain.paths.branchLocks, `${slug}.lock`)), 'the lock folder is gone').toBe(false);
  const listed = await cli(['list', '--json']);
  const { environments } = JSON.parse(listed.stdout) as { environments: Array<{ slug: string }> };
  expect(environments.map((environment) => environment.slug)).not.toContain(slug);
  expect(orphanedPlugins(), 'no orphaned plugin process is left').toEqual([]);
}

describe('kill -9 of the whole run, then one gc at once', () => {
  for (let round = 1; round <= rounds; round += 1) {
    for (const moment of moments) {
      it(`round ${round}: ${moment.name}`, async () => {
        const { slug } = await killRunAt(moment);
        const started = performance.now();
        const gc = await cli(['gc']);
        console.log(`kill ${moment.name}: gc took ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await expectNothingLeft(slug, gc);
      });
    }
  }

  it('the driver alone killed during creation: gc ends the update it left running', async () => {
    const { slug } = await killRunAt(moments[2]!, true);
    const gc = await cli(['gc']);
    await expectNothingLeft(slug, gc);
  });

  it('down on the killed branch reclaims it as gc does', async () => {
    const { branch, slug } = await killRunAt(moments[2]!);
    const down = await cli(['down', '--branch', branch]);
    expect(down.all).toContain(`down: ${slug} destroyed and removed`);
    await expectNothingLeft(slug, down);
  });

  it('two gc at once: each exits 0, and nothing is left', async () => {
    const { slug } = await killRunAt(moments[2]!);
    const [first, second] = await Promise.all([cli(['gc']), cli(['gc'])]);
    expect(second.exitCode, second.all).toBe(0);
    await expectNothingLeft(slug, first);
  });
});
