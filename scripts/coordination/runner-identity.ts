// Which runner this process is, for lock holders and environment records: the CI's name
// for it (EPHEMERAL_RUNNER_ID, else GitHub's RUNNER_NAME), else the host name. Pure.
import type { Env } from '../toolchain/cache-paths.ts';

export interface RunnerIdentity {
  runner: string;
  host: string;
}

export function runnerIdentity(env: Env, host: string): RunnerIdentity {
  return { runner: env['EPHEMERAL_RUNNER_ID'] ?? env['RUNNER_NAME'] ?? host, host };
}

/** `runner on host`, or just the host when the runner is named after it. */
export function describeRunner(owner: Partial<RunnerIdentity> | undefined): string {
  if (!owner?.host) return 'an unknown runner';
  return owner.runner && owner.runner !== owner.host ? `runner ${owner.runner} on ${owner.host}` : `host ${owner.host}`;
}
