// One run per branch at a time, on this machine: a lock per slug under the cache, held
// with its owner's identity (owned-lock.ts), so a killed driver's lock is free at once
// and a live one is never taken. Pulumi's own lock is advisory and is not relied on.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EphemeralError, ExitCode } from '../errors.ts';
import { ownershipError } from '../environments/stack-ownership.ts';
import { type Holder, clearAbandonedLock, lockState, readHolder, tryTakeLock } from './owned-lock.ts';

export type ConcurrencyMode = 'wait' | 'replace' | 'fail';
export const concurrencyModes: ConcurrencyMode[] = ['wait', 'replace', 'fail'];

export type LockOwner = Holder<{
  runId: string;
  /** The raw branch name: another branch whose name maps to the same slug is refused, not queued. */
  branch?: string;
  /** What holds it, when not a run: `gc` or `down` reclaiming the environment. */
  command?: string;
}>;

export interface BranchLock extends AsyncDisposable {
  release(): Promise<void>;
}

export interface AcquireRequest {
  locksDir: string;
  slug: string;
  owner: Pick<LockOwner, 'runId' | 'branch' | 'command'>;
  mode: ConcurrencyMode;
  signal: AbortSignal;
  waitTimeoutMs: number;
  progress: (line: string) => void;
}

function lockTarget(locksDir: string, slug: string): string {
  return join(locksDir, slug);
}

export function readLockOwner(locksDir: string, slug: string): LockOwner | undefined {
  return readHolder(lockTarget(locksDir, slug));
}

export function describeOwner(owner: LockOwner | undefined): string {
  return owner ? `${owner.command ?? 'run'} ${owner.runId} (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another run';
}

export async function acquireBranchLock(request: AcquireRequest): Promise<BranchLock> {
  const target = lockTarget(request.locksDir, request.slug);
  const deadline = Date.now() + request.waitTimeoutMs;
  let announced = false;
  let replaced = false;
  for (;;) {
    request.signal.throwIfAborted();
    const taken = await tryTakeLock(target, request.owner);
    if ('lock' in taken) return { release: taken.lock.release, [Symbol.asyncDispose]: taken.lock.release };
    const holder = taken.holder;
    if (holder?.branch !== undefined && request.owner.branch !== undefined && holder.branch !== request.owner.branch) {
      throw ownershipError(request.owner.branch, request.slug, holder.branch);
    }
    if (request.mode === 'fail') {
      throw new EphemeralError(`branch environment ${request.slug} is busy: ${describeOwner(holder)} holds it`, {
        code: 'E_BUSY',
        exitCode: ExitCode.provisionFailed,
        remedy: 'wait for it, or rerun with --concurrency wait (the default) or --concurrency replace',
      });
    }
    if (request.mode === 'replace' && !replaced && holder && holder.host === hostname()) {
      // The newer run wins: ask the older one to tear down, as a first Ctrl-C would.
      request.progress(`lock: replacing ${describeOwner(holder)}: sending SIGTERM`);
      try {
        process.kill(holder.pid, 'SIGTERM');
      } catch {
        // Already gone: a dead holder's lock is taken over on the next try.
      }
      replaced = true;
    }
    if (!announced) {
      request.progress(`lock: waiting for ${describeOwner(holder)} to finish with ${request.slug}`);
      announced = true;
    }
    if (Date.now() >= deadline) {
      throw new EphemeralError(`gave up waiting ${request.waitTimeoutMs / 1000}s for ${describeOwner(holder)} on ${request.slug}`, {
        code: 'E_BUSY',
        exitCode: ExitCode.provisionFailed,
        remedy: 'retry later, or use --concurrency replace',
      });
    }
    await sleep(1000, undefined, { signal: request.signal });
  }
}

/** For gc after a crash: removes a branch lock that no live run holds. */
export async function clearDeadLock(locksDir: string, slug: string): Promise<void> {
  await clearAbandonedLock(lockTarget(locksDir, slug));
}

/** Whether a live process holds the branch: a run, a `down` or a `gc` reclaiming it. */
export function isBranchBusy(locksDir: string, slug: string): boolean {
  const state = lockState(lockTarget(locksDir, slug));
  return state.held && state.alive;
}
