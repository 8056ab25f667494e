// The lease of a branch lock in a shared store: a holder renews it every few seconds; a
// lock whose lease ran out (its runner died, lost the network, or was killed) may be
// taken over. Decided on the database's clock, so runners' clocks need not agree. Pure.
/** Long enough to ride out a slow database or a busy runner, short enough that a dead runner's branch frees quickly. */
export const leaseMs = 15_000;
/** Three renewals per lease: one lost heartbeat never loses the lock. */
export const heartbeatMs = 5_000;

export type LockVerdict = 'free' | 'held' | 'lease expired' | 'holder died';

export interface LockFacts {
  /** Absent when no row exists. */
  expiresAt: Date | undefined;
  /** The database's time when the row was read. */
  now: Date;
  holderHost: string | undefined;
  thisHost: string;
  /** Whether the holder's process runs (undefined: it is on another host, or unknown). */
  holderAlive: boolean | undefined;
}

/** Whether a lock may be taken: a live lease holds, unless its holder is a process on this host that is gone. */
export function judgeLock(facts: LockFacts): LockVerdict {
  if (!facts.expiresAt) return 'free';
  if (facts.expiresAt.getTime() <= facts.now.getTime()) return 'lease expired';
  if (facts.holderHost === facts.thisHost && facts.holderAlive === false) return 'holder died';
  return 'held';
}

export function isTakeable(verdict: LockVerdict): boolean {
  return verdict !== 'held';
}

/** "lease ends in 12 s" for a waiting run's progress line. */
export function describeLease(expiresAt: Date, now: Date): string {
  const left = Math.ceil((expiresAt.getTime() - now.getTime()) / 1000);
  return left > 0 ? `lease ends in ${left} s unless renewed` : 'lease expired';
}

