// `gc`: destroys expired and abandoned stacks and removes labelled Docker objects and
// namespaces that no stack knows, then clears branch locks no live run holds. --dry-run only reports.
// Each environment is reclaimed under its branch lock, so a run cannot start on it
// meanwhile and two gc at once never work on the same one: the second leaves it to the
// first, and what another process removed counts as removed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolchainContext } from '../components/component.ts';
import { EphemeralError } from '../errors.ts';
import { isFileBackend } from '../config/state-backend.ts';
import { acquireBranchLock, describeOwner } from '../lifecycle/branch-lock.ts';
import { belongsToBackend, labelKeys } from '../naming/labels.ts';
import { removeFileBackendLeftovers } from '../pulumi/file-backend-leftovers.ts';
import { projectName } from '../pulumi/open-stack.ts';
import { reapOrphanedPlugins } from '../pulumi/recover-stack.ts';
import { type TargetRuntime, sweeperOf } from '../targets/target-runtime.ts';
import { reclaimEnvironment } from './reclaim-environment.ts';
import { listStackNames } from './list-environments.ts';
import { type GcAction, planGc, unreachableLine } from './plan-gc.ts';

export interface GcOutcome extends GcAction {
  done: boolean;
  leftBehind: string[];
  /** Another process (a run, `down` or another gc) held the environment: left to it. */
  skipped?: string;
  seconds?: number;
}

async function busySlugs(toolchain: ToolchainContext, slugs: Iterable<string>): Promise<Set<string>> {
  const busy = new Set<string>();
  for (const slug of slugs) if (await toolchain.coordination.isBusy(slug)) busy.add(slug);
  return busy;
}

/** Reclaims one environment under its branch lock; one a live process took meanwhile is left to it. */
async function reclaimUnderLock(toolchain: ToolchainContext, runtimes: readonly TargetRuntime[], action: GcAction, progress: (line: string) => void): Promise<GcOutcome> {
  let lock;
  try {
    lock = await acquireBranchLock({
      store: toolchain.coordination,
      slug: action.slug,
      owner: { runId: `gc-${process.pid}`, command: 'gc' },
      mode: 'fail',
      signal: AbortSignal.timeout(60_000),
      waitTimeoutMs: 0,
      progress,
    });
  } catch (error) {
    if (!(error instanceof EphemeralError) || error.code !== 'E_BUSY') throw error;
    const holder = describeOwner(await toolchain.coordination.lockOwner(action.slug));
    progress(`gc: left ${action.slug} to ${holder}, which holds it now`);
    return { ...action, done: true, leftBehind: [], skipped: holder };
  }
  try {
    const result = await reclaimEnvironment(toolchain, action.slug, sweeperOf(runtimes), { progress: (line) => progress(`gc: ${line}`) });
    return { ...action, done: result.leftBehind.length === 0, leftBehind: result.leftBehind, seconds: result.seconds };
  } finally {
    await lock.release();
  }
}

/** `runtimes`: the targets gc reaches (this host's Docker engine, a cluster that answers). */
export async function runGc(toolchain: ToolchainContext, runtimes: readonly TargetRuntime[], options: { dryRun: boolean; now: Date; progress: (line: string) => void }): Promise<GcOutcome[]> {
  const store = toolchain.coordination;
  const stacks = await listStackNames(toolchain);
  const records = await store.readRecords();
  // Objects of stacks in another state backend on this engine or cluster are that backend's gc's.
  const labelled = (await Promise.all(runtimes.map((runtime) => runtime.listLabelled()))).flat().filter((object) => belongsToBackend(object.labels, toolchain.backendUrl));
  const labelledSlugs = labelled.map((object) => object.labels[labelKeys.stack] ?? '').filter(Boolean);
  const busy = await busySlugs(toolchain, new Set([...stacks, ...labelledSlugs, ...records.map((record) => record.slug)]));
  const actions = planGc({ now: options.now, stacks, records, busy, labelledSlugs, host: store.owner.host });

  const outcomes: GcOutcome[] = [];
  for (const action of actions) {
    if (action.kind === 'unreachable') {
      options.progress(unreachableLine(action));
      outcomes.push({ ...action, done: false, leftBehind: [], skipped: `belongs to host ${action.host}` });
      continue;
    }
    options.progress(`gc: ${options.dryRun ? 'would ' : ''}${action.kind === 'destroy-stack' ? 'destroy stack' : 'remove objects of'} ${action.slug} (${action.reason})`);
    if (options.dryRun) {
      outcomes.push({ ...action, done: false, leftBehind: [] });
      continue;
    }
    outcomes.push(await reclaimUnderLock(toolchain, runtimes, action, options.progress));
  }
  if (!options.dryRun) {
    const reaped = reapOrphanedPlugins(toolchain.paths.pulumiHome);
    if (reaped.length) options.progress(`gc: ended ${reaped.length} orphaned plugin processes`);
    // Records of stacks that no longer exist, and locks of dead runs.
    const remaining = new Set(await listStackNames(toolchain));
    for (const record of records) if (!remaining.has(record.slug) && !busy.has(record.slug)) await store.deleteRecord(record.slug);
    // What older versions left per removed stack in the file backend: lock and history folders, backups.
    if (isFileBackend(toolchain.backendUrl)) {
      for (const slug of fileBackendStackFolders(toolchain.paths.stateDir)) {
        if (!remaining.has(slug) && !(await store.isBusy(slug))) removeFileBackendLeftovers(toolchain.paths.stateDir, projectName, slug);
      }
    }
    await store.clearDeadLocks();
  }
  return outcomes;
}

function fileBackendStackFolders(stateDir: string): Set<string> {
  const root = join(stateDir, '.pulumi');
  return new Set([...safeReaddir(join(root, 'locks', 'organization', projectName)), ...safeReaddir(join(root, 'history', projectName))]);
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
