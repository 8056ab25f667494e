// Takes back an environment that no live run holds, for `gc` and `down`, in the order
// a killed run needs: end the `pulumi up` it left running and the plugins it orphaned
// (an orphaned docker plugin still finishes its creates), repair a checkpoint cut in the
// middle of a write, wait until the engine's in-flight creates have landed, destroy and
// remove the stack, sweep what carries its label, and look once more: what is left is
// reported, never taken as removed. The caller holds the branch lock.
import type { ToolchainContext } from '../components/component.ts';
import { waitForQuiet } from '../docker/wait-for-quiet.ts';
import { type EngineLogs, teardownStack } from '../lifecycle/provision.ts';
import type { StackSweeper } from '../targets/target-runtime.ts';
import { labelKeys } from '../naming/labels.ts';
import { projectName, selectExistingStack } from '../pulumi/open-stack.ts';
import { pulumiLockHolders, reapOrphanedPlugins, repairCheckpointMetadata, stopOrphanedUpdate } from '../pulumi/recover-stack.ts';
import { listStackNames } from './list-environments.ts';

export interface ReclaimResult {
  slug: string;
  seconds: number;
  /** Whether there was a stack to destroy. */
  hadStack: boolean;
  /** What is still there after everything was tried: Docker objects, the stack itself. */
  leftBehind: string[];
}

export interface ReclaimOptions {
  progress: (line: string) => void;
  logs?: EngineLogs;
}

/** `sweeper`: the targets the stack may live on (gc and down sweep each that answers). */
export async function reclaimEnvironment(toolchain: ToolchainContext, slug: string, sweeper: StackSweeper, options: ReclaimOptions): Promise<ReclaimResult> {
  const started = performance.now();
  const { stateDir, pulumiHome } = toolchain.paths;
  const label = `${labelKeys.stack}=${slug}`;
  // Killed in the middle of an update: its lock is still in the state, and pending
  // operations may be; a run killed after `up` needs no recovery before the destroy.
  const crashed = pulumiLockHolders(stateDir, projectName, slug).length > 0;
  const stopped = await stopOrphanedUpdate(stateDir, projectName, slug);
  if (stopped.length) options.progress(`${slug}: interrupted the update a dead run left running (pid ${stopped.join(', ')})`);
  const reaped = reapOrphanedPlugins(pulumiHome);
  if (reaped.length) options.progress(`${slug}: ended ${reaped.length} orphaned plugin processes (pid ${reaped.join(', ')})`);
  const repaired = repairCheckpointMetadata(stateDir, projectName, slug);
  if (repaired.length) options.progress(`${slug}: removed the half-written checkpoint metadata ${repaired.join(', ')}`);
  if (!(await waitForQuiet(label))) options.progress(`${slug}: Docker objects still changing after 30 s; sweeping anyway`);

  const stack = await selectExistingStack({ toolchain, stackName: slug, program: async () => ({}) });
  const leftBehind = stack
    ? (await teardownStack(stack, slug, toolchain, sweeper, { afterCrash: crashed, logs: options.logs })).leftBehind
    : await sweeper.sweep(slug);
  if ((await listStackNames(toolchain)).includes(slug)) leftBehind.push(`stack ${slug} (the state still holds it)`);
  return { slug, seconds: (performance.now() - started) / 1000, hadStack: Boolean(stack), leftBehind: [...new Set(leftBehind)] };
}
