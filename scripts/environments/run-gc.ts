// `gc`: destroys expired and abandoned stacks and removes labelled Docker objects that
// no stack knows, then clears branch locks no live run holds. --dry-run only reports.
import { readdirSync } from 'node:fs';
import type { ToolchainContext } from '../components/component.ts';
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { removeLabelledObjects } from '../docker/remove-labelled-objects.ts';
import { clearDeadLock, isBranchBusy } from '../lifecycle/branch-lock.ts';
import { teardownStack } from '../lifecycle/provision.ts';
import { belongsToBackend, labelKeys } from '../naming/labels.ts';
import { projectName, selectExistingStack } from '../pulumi/open-stack.ts';
import { reapOrphanedPlugins, stopOrphanedUpdate } from '../pulumi/recover-stack.ts';
import { deleteEnvironmentRecord, readEnvironmentRecords } from './environment-record.ts';
import { listStackNames } from './list-environments.ts';
import { type GcAction, planGc } from './plan-gc.ts';

export interface GcOutcome extends GcAction {
  done: boolean;
  leftBehind: string[];
}

export function locksDir(toolchain: ToolchainContext): string {
  return toolchain.paths.branchLocks;
}

async function busySlugs(toolchain: ToolchainContext, slugs: Iterable<string>): Promise<Set<string>> {
  const busy = new Set<string>();
  for (const slug of slugs) if (await isBranchBusy(locksDir(toolchain), slug)) busy.add(slug);
  return busy;
}

export async function runGc(toolchain: ToolchainContext, options: { dryRun: boolean; now: Date; progress: (line: string) => void }): Promise<GcOutcome[]> {
  const stacks = await listStackNames(toolchain);
  const records = readEnvironmentRecords(toolchain.paths.stateDir);
  // Objects of stacks in another state backend on this engine are that backend's gc's.
  const labelled = (await listLabelledObjects(labelKeys.stack)).filter((object) => belongsToBackend(object.labels, toolchain.backendUrl));
  const labelledSlugs = labelled.map((object) => object.labels[labelKeys.stack] ?? '').filter(Boolean);
  const busy = await busySlugs(toolchain, new Set([...stacks, ...labelledSlugs, ...records.map((record) => record.slug)]));
  const actions = planGc({ now: options.now, stacks, records, busy, labelledSlugs });

  const outcomes: GcOutcome[] = [];
  for (const action of actions) {
    options.progress(`gc: ${options.dryRun ? 'would ' : ''}${action.kind === 'destroy-stack' ? 'destroy stack' : 'remove objects of'} ${action.slug} (${action.reason})`);
    if (options.dryRun) {
      outcomes.push({ ...action, done: false, leftBehind: [] });
      continue;
    }
    let leftBehind: string[];
    if (action.kind === 'destroy-stack') {
      const stopped = await stopOrphanedUpdate(toolchain.paths.stateDir, projectName, action.slug);
      if (stopped.length) options.progress(`gc: interrupted the update a dead run left running (pid ${stopped.join(', ')})`);
      const stack = await selectExistingStack({ toolchain, stackName: action.slug, program: async () => ({}) });
      leftBehind = stack
        ? (await teardownStack(stack, action.slug, toolchain.paths.stateDir, { afterCrash: action.reason === 'abandoned run' })).leftBehind : await removeLabelledObjects(`${labelKeys.stack}=${action.slug}`);
    } else {
      leftBehind = await removeLabelledObjects(`${labelKeys.stack}=${action.slug}`);
    }
    outcomes.push({ ...action, done: leftBehind.length === 0, leftBehind });
  }
  if (!options.dryRun) {
    const reaped = reapOrphanedPlugins(toolchain.paths.pulumiHome);
    if (reaped.length) options.progress(`gc: ended ${reaped.length} orphaned plugin processes`);
    // Records of stacks that no longer exist, and locks of dead runs.
    const remaining = new Set(await listStackNames(toolchain));
    for (const record of records) if (!remaining.has(record.slug) && !busy.has(record.slug)) deleteEnvironmentRecord(toolchain.paths.stateDir, record.slug);
    const lockedSlugs = new Set(safeReaddir(locksDir(toolchain)).map((name) => name.replace(/\.owner\.json$|\.lock$/, '')));
    for (const slug of lockedSlugs) await clearDeadLock(locksDir(toolchain), slug);
  }
  return outcomes;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
