// One run per branch at a time: a lock per slug in the coordination store (files on this
// machine, or the team's PostgreSQL), held with its owner's identity, so a killed
// driver's lock is free again (at once on its own host, after the lease elsewhere) and a
// live one is never taken. The policies wait, replace and fail are decided here, the same
// for every store. Pulumi's own lock is advisory and is not relied on.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoordinationStore, LockOwner, LockRequestOwner } from '../coordination/coordination-store.ts';
import { describeRunner } from '../coordination/runner-identity.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { ownershipError } from '../environments/stack-ownership.ts';
import { lockState, readHolder } from './owned-lock.ts';
import { join } from 'node:path';

export type { LockOwner } from '../coordination/coordination-store.ts';
export type ConcurrencyMode = 'wait' | 'replace' | 'fail';
export const concurrencyModes: ConcurrencyMode[] = ['wait', 'replace', 'fail'];

export interface BranchLock extends AsyncDisposable {
  release(): Promise<void>;
}

export interface AcquireRequest {
  store: CoordinationStore;
  slug: string;
  owner: LockRequestOwner;
  mode: ConcurrencyMode;
  signal: AbortSignal;
  waitTimeoutMs: number;
  progress: (line: string) => void;
}

export function describeOwner(owner: LockOwner | undefined): string {
  if (!owner) return 'another run';
  const where = owner.runner && owner.runner !== owner.host ? `${describeRunner(owner)}` : owner.host;
  return `${owner.command ?? 'run'} ${owner.runId} (pid ${owner.pid} on ${where}, since ${owner.since})`;
}

export async function acquireBranchLock(request: AcquireRequest): Promise<BranchLock> {
  const { store } = request;
  const deadline = Date.now() + request.waitTimeoutMs;
  let announced = false;
  let replaced = false;
  for (;;) {
    request.signal.throwIfAborted();
    const taken = await store.tryTakeLock(request.slug, request.owner);
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
    if (request.mode === 'replace' && !replaced && holder) {
      // The newer run wins: the older one is asked to tear down, as a first Ctrl-C would.
      request.progress(`lock: replacing ${describeOwner(holder)}: asking it to tear down`);
      await store.askToYield(request.slug, holder);
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

/** The holder of a branch's lock folder on this machine (the files store). */
export function readLockOwner(locksDir: string, slug: string): LockOwner | undefined {
  return readHolder(join(locksDir, slug));
}

/** Whether a live process holds the branch's lock folder on this machine (the files store). */
export function isBranchBusy(locksDir: string, slug: string): boolean {
  const state = lockState(join(locksDir, slug));
  return state.held && state.alive;
}
