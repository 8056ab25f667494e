// What every runner of a team must agree on, behind one small interface: the branch
// locks (one run per branch at a time) and the environment records (who made what, kept
// until when). Two implementations: files on this machine (the embedded default) and a
// PostgreSQL database shared by a team's runners (file-coordination-store.ts,
// postgres-coordination-store.ts); open-coordination-store.ts picks one by the backend URL.
import type { EnvironmentRecord } from '../environments/environment-record.ts';
import type { Holder } from '../lifecycle/owned-lock.ts';

export type LockOwner = Holder<{
  runId: string;
  /** The raw branch name: another branch whose name maps to the same slug is refused, not queued. */
  branch?: string;
  /** What holds it, when not a run: `gc` or `down` reclaiming the environment. */
  command?: string;
  /** The CI runner that holds it (team mode). */
  runner?: string;
}>;

export type LockRequestOwner = Pick<LockOwner, 'runId' | 'branch' | 'command'>;

export interface HeldLock {
  release: () => Promise<void>;
}

/** Taken, or the live holder (undefined when it has not written itself yet). */
export type TakeResult = { lock: HeldLock } | { holder: LockOwner | undefined };

export interface CoordinationStore {
  readonly kind: 'files' | 'postgres';
  /** Where locks and records live, for messages (no password). */
  readonly location: string;
  /** The runner and host this process records as owner. */
  readonly owner: { runner: string; host: string };
  /**
   * Checks, before anything is created, that the store answers and (PostgreSQL) that the
   * passphrase is the one the team's backend was first used with.
   */
  preflight(): Promise<void>;
  /** Takes the branch lock when it is free, its lease expired or its holder died on this host. */
  tryTakeLock(slug: string, owner: LockRequestOwner): Promise<TakeResult>;
  /** The live holder of a branch, if any. */
  lockOwner(slug: string): Promise<LockOwner | undefined>;
  /** Whether a live process holds the branch: a run, a `down` or a `gc` reclaiming it. */
  isBusy(slug: string): Promise<boolean>;
  /** The `replace` policy: asks the live holder to tear down and let go, as a first Ctrl-C would. */
  askToYield(slug: string, holder: LockOwner): Promise<void>;
  /** Removes locks no live holder has (dead runs, expired leases). */
  clearDeadLocks(): Promise<void>;
  writeRecord(record: EnvironmentRecord): Promise<void>;
  deleteRecord(slug: string): Promise<void>;
  readRecord(slug: string): Promise<EnvironmentRecord | undefined>;
  readRecords(): Promise<EnvironmentRecord[]>;
  /** Ends connections; the files store has none. */
  close(): Promise<void>;
}
