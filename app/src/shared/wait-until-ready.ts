// Retries a dependency check at start (the database or Redis may still be booting)
// until it passes, the time runs out or shutdown begins.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger.ts';

export interface WaitOptions {
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Told about the first failed check and every tenth after it. */
  logger?: Logger;
  /** An error for which waiting cannot help (a wrong stack, bad credentials): rethrown at once. */
  isFatal?: (error: unknown) => boolean;
}

export async function waitUntilReady(check: () => Promise<unknown>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      await check();
      return;
    } catch (error) {
      if (options.isFatal?.(error)) throw error;
      if (Date.now() + intervalMs > deadline) {
        // pino's error serializer appends the cause's message, so it is not repeated here.
        throw new Error(`gave up waiting for ${options.what} after ${options.timeoutMs} ms`, { cause: error });
      }
      if (attempt === 1 || attempt % 10 === 0) {
        const reason = error instanceof Error ? error.message : String(error);
        options.logger?.info({ attempt, reason }, `waiting for ${options.what}`);
      }
      await sleep(intervalMs, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  }
}

/** Rejects when `promise` takes longer than `ms`, so a health check never hangs. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
