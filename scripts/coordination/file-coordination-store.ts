// The embedded default: branch locks as folders under the cache (owned-lock.ts) and
// environment records as JSON files beside the file backend's state, on this machine.
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  deleteEnvironmentRecord,
  readEnvironmentRecord,
  readEnvironmentRecords,
  writeEnvironmentRecord,
} from '../environments/environment-record.ts';
import { clearAbandonedLock, lockState, readHolder, tryTakeLock } from '../lifecycle/owned-lock.ts';
import type { CoordinationStore, LockOwner } from './coordination-store.ts';
import type { RunnerIdentity } from './runner-identity.ts';

export interface FileStoreFolders {
  /** One lock folder per branch slug. */
  locksDir: string;
  /** The file backend's folder: records go under `.ephemeral/environments`. */
  stateDir: string;
}

/** Sends the holder SIGTERM when it runs on this host; on another host nothing can reach it. */
export function signalHolder(holder: LockOwner): void {
  if (holder.host !== hostname()) return;
  try {
    process.kill(holder.pid, 'SIGTERM');
  } catch {
    // Already gone: a dead holder's lock is taken over on the next try.
  }
}

export function fileCoordinationStore(folders: FileStoreFolders, owner: RunnerIdentity = { runner: hostname(), host: hostname() }): CoordinationStore {
  const target = (slug: string) => join(folders.locksDir, slug);
  const isBusy = (slug: string) => {
    const state = lockState(target(slug));
    return state.held && state.alive;
  };
  return {
    kind: 'files',
    location: folders.locksDir,
    owner,
    preflight: async () => {},
    tryTakeLock: (slug, lockOwner) => tryTakeLock(target(slug), { ...lockOwner, runner: owner.runner }),
    lockOwner: async (slug) => (isBusy(slug) ? readHolder<LockOwner>(target(slug)) : undefined),
    isBusy: async (slug) => isBusy(slug),
    askToYield: async (_slug, holder) => signalHolder(holder),
    async clearDeadLocks() {
      let names: string[];
      try {
        names = readdirSync(folders.locksDir);
      } catch {
        return;
      }
      const slugs = new Set(names.map((name) => name.replace(/\.owner\.json$|(\.claim)?\.lock$/, '')));
      for (const slug of slugs) await clearAbandonedLock(target(slug));
    },
    writeRecord: async (record) => writeEnvironmentRecord(folders.stateDir, { ...record, owner: record.owner ?? owner }),
    deleteRecord: async (slug) => deleteEnvironmentRecord(folders.stateDir, slug),
    readRecord: async (slug) => readEnvironmentRecord(folders.stateDir, slug),
    readRecords: async () => readEnvironmentRecords(folders.stateDir),
    close: async () => {},
  };
}
