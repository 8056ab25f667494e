// One run per branch at a time, on this machine: a lock per slug under the cache.
// proper-lockfile gives an atomic lock that goes stale when its holder stops
// refreshing it (a killed driver), so a crash never blocks a branch for good; an owner
// file says who holds it. Pulumi's own lock is advisory and is not relied on.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { EphemeralError, ExitCode } from '../errors.ts';
import { ownershipError } from '../environments/stack-ownership.ts';

export type ConcurrencyMode = 'wait' | 'replace' | 'fail';
export const concurrencyModes: ConcurrencyMode[] = ['wait', 'replace', 'fail'];

export interface LockOwner {
  runId: string;
  /** The raw branch name: another branch whose name maps to the same slug is refused, not queued. */
  branch?: string;
  pid: number;
  host: string;
  since: string;
}

export interface BranchLock extends AsyncDisposable {
  release(): Promise<void>;
}

export interface AcquireRequest {
  locksDir: string;
  slug: string;
  owner: Omit<LockOwner, 'pid' | 'host' | 'since'>;
  mode: ConcurrencyMode;
  signal: AbortSignal;
  waitTimeoutMs: number;
  progress: (line: string) => void;
}

// A holder refreshes the lock every 5 s; one not refreshed for 20 s is a dead driver.
const staleMs = 20_000;

function lockTarget(locksDir: string, slug: string): string {
  return join(locksDir, slug);
}

export function readLockOwner(locksDir: string, slug: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(`${lockTarget(locksDir, slug)}.owner.json`, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function describeOwner(owner: LockOwner | undefined): string {
  return owner ? `run ${owner.runId} (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another run';
}

async function tryLock(target: string): Promise<(() => Promise<void>) | undefined> {
  try {
    return await lockfile.lock(target, { realpath: false, stale: staleMs, update: staleMs / 4 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

export async function acquireBranchLock(request: AcquireRequest): Promise<BranchLock> {
  mkdirSync(request.locksDir, { recursive: true });
  const target = lockTarget(request.locksDir, request.slug);
  writeFileSync(target, '', { flag: 'a' });
  const deadline = Date.now() + request.waitTimeoutMs;
  let announced = false;
  let replaced = false;
  for (;;) {
    request.signal.throwIfAborted();
    const unlock = await tryLock(target);
    if (unlock) {
      const owner: LockOwner = { ...request.owner, pid: process.pid, host: hostname(), since: new Date().toISOString() };
      writeFileSync(`${target}.owner.json`, JSON.stringify(owner));
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        rmSync(`${target}.owner.json`, { force: true });
        await unlock();
      };
      return { release, [Symbol.asyncDispose]: release };
    }
    const holder = readLockOwner(request.locksDir, request.slug);
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
        // Already gone: its lock goes stale shortly.
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
  if (await isBranchBusy(locksDir, slug)) return;
  const target = lockTarget(locksDir, slug);
  rmSync(`${target}.lock`, { recursive: true, force: true });
  rmSync(`${target}.owner.json`, { force: true });
  // The empty file proper-lockfile locks on: without it the folder fills up per slug.
  rmSync(target, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a live run holds the branch: a fresh lock whose owner (on this host) is alive. */
export async function isBranchBusy(locksDir: string, slug: string): Promise<boolean> {
  let locked: boolean;
  try {
    locked = await lockfile.check(lockTarget(locksDir, slug), { realpath: false, stale: staleMs });
  } catch {
    return false;
  }
  if (!locked) return false;
  const owner = readLockOwner(locksDir, slug);
  return !owner || owner.host !== hostname() || processAlive(owner.pid);
}
