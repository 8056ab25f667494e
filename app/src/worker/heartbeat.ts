// The worker's liveness signal: a Redis key holding the time of its last beat, written
// every 2 s and expiring on its own; the health check reads it back and judges its age.
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';

export const HEARTBEAT_INTERVAL_MS = 2_000;
/** Missing a few beats (a long GC pause, a Redis blip) is tolerated; more is not. */
export const HEARTBEAT_STALE_MS = 10_000;

export function heartbeatKey(instance: string): string {
  return `worker:heartbeat:${instance}`;
}

export interface Heartbeat {
  stop(): void;
}

export function startHeartbeat(redis: Redis, key: string, logger: Logger, now: () => number = Date.now): Heartbeat {
  const beat = (): void => {
    redis.set(key, String(now()), 'PX', HEARTBEAT_STALE_MS).catch((error: unknown) => {
      logger.warn({ err: error }, 'heartbeat write failed');
    });
  };
  beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}

/** Throws unless the last beat is at most HEARTBEAT_STALE_MS old. */
export function assertHeartbeatFresh(lastBeat: string | null, now: number): void {
  if (lastBeat === null) throw new Error('no heartbeat recorded');
  const ageMs = now - Number(lastBeat);
  if (!Number.isFinite(ageMs)) throw new Error(`unreadable heartbeat ${JSON.stringify(lastBeat)}`);
  if (ageMs > HEARTBEAT_STALE_MS) throw new Error(`last heartbeat ${ageMs} ms ago`);
}

export async function checkHeartbeat(redis: Redis, key: string, now: () => number = Date.now): Promise<void> {
  assertHeartbeatFresh(await redis.get(key), now());
}
