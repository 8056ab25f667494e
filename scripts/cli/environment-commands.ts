// `list` and `gc`: what exists on this machine, and removing what expired or leaked.
import { formatDuration } from '../config/duration.ts';
import { ExitCode } from '../errors.ts';
import { listEnvironments, ownerOf } from '../environments/list-environments.ts';
import { runGc } from '../environments/run-gc.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import { reachableRuntimes } from '../targets/reachable-runtimes.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { waitingRuns } from '../admission/host-slots.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import type { CommandResult } from './command-result.ts';

function age(createdAt: string | undefined, now: Date): string {
  return createdAt ? formatDuration(now.getTime() - new Date(createdAt).getTime()) : '-';
}

function expiry(expiresAt: string | null | undefined, now: Date): string {
  if (expiresAt === null || expiresAt === 'never') return 'never';
  if (!expiresAt) return '-';
  const left = new Date(expiresAt).getTime() - now.getTime();
  return left <= 0 ? 'expired' : `in ${formatDuration(left)}`;
}

export async function listCommand(env: Env, cluster: ClusterOptions): Promise<CommandResult> {
  const now = new Date();
  const toolchain = createToolchainContext(env);
  const runtimes = await reachableRuntimes(toolchain, cluster, env, (line) => process.stderr.write(`${line}\n`));
  const namespaces = (await Promise.all(runtimes.filter((runtime) => runtime.name === 'kubernetes').map((runtime) => runtime.listLabelled()))).flat();
  const environments = await listEnvironments(toolchain, namespaces);
  const queued = [...waitingRuns(toolchain.paths.internalLocks, 'runs')].sort((a, b) => a.since.localeCompare(b.since));
  const lines = environments.length
    ? environments.map(
        (environment) =>
          `${environment.slug}  branch ${environment.branch ?? '?'}  owner ${ownerOf(environment)}  age ${age(environment.createdAt, now)}  expires ${expiry(environment.expiresAt, now)}` +
          `  ${environment.state} (${environment.namespaces.length > 0 ? `namespace ${environment.namespaces.join(', ')}` : `${environment.healthy}/${environment.containers} healthy`})${environment.urls.length ? `  ${environment.urls.join('  ')}` : ''}`,
      )
    : ['no environments'];
  const queueLines = queued.map((ticket, index) => `queued #${index + 1}: run ${ticket.runId}  branch ${ticket.branch}  waiting ${age(ticket.since, now)} for a host slot`);
  return { exitCode: ExitCode.ok, lines: [...lines, ...queueLines], json: { environments, queued } };
}

export async function gcCommand(env: Env, options: { dryRun: boolean; json: boolean; cluster: ClusterOptions }): Promise<CommandResult> {
  const progress = options.json ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const toolchain = createToolchainContext(env);
  // gc destroys stacks: with a shared backend, a wrong passphrase is refused before that.
  await toolchain.coordination.preflight();
  const runtimes = await reachableRuntimes(toolchain, options.cluster, env, progress);
  const all = await runGc(toolchain, runtimes, { dryRun: options.dryRun, now: new Date(), progress });
  const unreachable = all.filter((outcome) => outcome.kind === 'unreachable');
  const outcomes = all.filter((outcome) => outcome.kind !== 'unreachable');
  const failed = outcomes.filter((outcome) => outcome.leftBehind.length > 0);
  const lines = [
    outcomes.length === 0 ? 'gc: nothing to remove' : `gc: ${options.dryRun ? 'would remove' : 'removed'} ${outcomes.length - failed.length} of ${outcomes.length}`,
    ...failed.flatMap((outcome) => outcome.leftBehind.map((item) => `  left behind (${outcome.slug}): ${item}`)),
    ...unreachable.map((outcome) => `  ${outcome.slug}: belongs to host ${outcome.host}, not reachable from here (gc on that host reclaims it)`),
  ];
  return { exitCode: failed.length ? ExitCode.teardownIncomplete : ExitCode.ok, lines, json: { dryRun: options.dryRun, actions: outcomes, unreachable } };
}
