// A lock that knows its holder. proper-lockfile makes taking it atomic (a folder made
// with mkdir); the holder's identity is written inside that folder, so the folder and
// who holds it go together. A holder on this host whose process is gone (kill -9, OOM,
// a lost runner) has lost the lock at once, whatever its age; a holder elsewhere, or a
// folder without a holder (its maker died before writing one), only once the lock has
// not been refreshed for a while. Taking over a dead holder's lock is serialised by a
// second, short-lived lock, so two processes never both take it.
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { type ProcessIdentity, currentProcessIdentity, isProcessAlive } from './process-identity.ts';

export type Holder<Extra> = Extra & ProcessIdentity & { since: string };

export interface HeldLock {
  release: () => Promise<void>;
}

// A holder refreshes its lock every 5 s; a lock nobody alive can be proven to hold and
// that was not refreshed for 20 s is abandoned.
const refreshMs = 5_000;
const abandonedAfterMs = 20_000;
// proper-lockfile's own staleness is only a last resort: liveness decides first.
const libraryStaleMs = 60 * 60_000;

function lockDir(target: string): string {
  return `${target}.lock`;
}

function holderFile(target: string): string {
  return `${lockDir(target)}/holder.json`;
}

export function readHolder<Extra>(target: string): Holder<Extra> | undefined {
  try {
    return JSON.parse(readFileSync(holderFile(target), 'utf8')) as Holder<Extra>;
  } catch {
    return undefined;
  }
}

function lockAgeMs(target: string): number | undefined {
  try {
    return Date.now() - statSync(lockDir(target)).mtimeMs;
  } catch {
    return undefined;
  }
}

export type LockState<Extra> = { held: false } | { held: true; holder: Holder<Extra> | undefined; alive: boolean };

/** Whether the lock is held, by whom, and whether that holder is alive. */
export function lockState<Extra>(target: string): LockState<Extra> {
  const age = lockAgeMs(target);
  if (age === undefined) return { held: false };
  const holder = readHolder<Extra>(target);
  const alive = holder ? isProcessAlive(holder) : undefined;
  return { held: true, holder, alive: alive ?? age < abandonedAfterMs };
}

async function lockOnce(target: string): Promise<(() => Promise<void>) | undefined> {
  try {
    return await lockfile.lock(target, { realpath: false, stale: libraryStaleMs, update: refreshMs });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

function sameHolder(a: ProcessIdentity | undefined, b: ProcessIdentity | undefined): boolean {
  return a?.pid === b?.pid && a?.host === b?.host && a?.startTime === b?.startTime;
}

/** Removes a dead holder's lock, unless somebody else took it meanwhile. */
async function removeDeadLock(target: string, dead: ProcessIdentity | undefined): Promise<void> {
  const claim = await lockfile.lock(`${target}.claim`, { realpath: false, stale: 10_000, retries: { retries: 50, minTimeout: 50, maxTimeout: 200 } });
  try {
    const state = lockState(target);
    if (state.held && !state.alive && sameHolder(state.holder, dead)) rmSync(lockDir(target), { recursive: true, force: true });
  } finally {
    await claim();
  }
}

/**
 * Takes the lock when it is free or its holder is dead, writing `extra` as the holder;
 * otherwise returns the live holder (undefined when it has not written itself yet).
 */
export async function tryTakeLock<Extra extends object>(
  target: string,
  extra: Extra,
): Promise<{ lock: HeldLock } | { holder: Holder<Extra> | undefined }> {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, '', { flag: 'a' });
  for (let attempt = 0; ; attempt += 1) {
    const unlock = await lockOnce(target);
    if (unlock) {
      const holder: Holder<Extra> = { ...extra, ...currentProcessIdentity(), since: new Date().toISOString() };
      // proper-lockfile checks that the folder's mtime is still the one it set (else it
      // takes the lock as compromised); a new file inside changes it, so it is put back.
      const { atime, mtime } = statSync(lockDir(target));
      writeFileSync(holderFile(target), JSON.stringify(holder));
      utimesSync(lockDir(target), atime, mtime);
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        // proper-lockfile removes the folder with rmdir: it must be empty.
        rmSync(holderFile(target), { force: true });
        await unlock().catch(() => undefined);
      };
      return { lock: { release } };
    }
    const state = lockState<Extra>(target);
    if (state.held && state.alive) return { holder: state.holder };
    // Free again, or a dead holder's lock: removed under the claim, then tried once more.
    if (state.held) await removeDeadLock(target, state.holder);
    if (attempt >= 3) return { holder: state.held ? state.holder : undefined };
    await sleep(20);
  }
}

/** Removes the lock of a dead holder and the empty file it locks on; a live holder's stays. */
export async function clearAbandonedLock(target: string): Promise<void> {
  const state = lockState(target);
  if (state.held && state.alive) return;
  if (state.held) await removeDeadLock(target, state.holder);
  if (!lockState(target).held) {
    rmSync(target, { force: true });
    rmSync(`${target}.claim.lock`, { recursive: true, force: true });
  }
}
