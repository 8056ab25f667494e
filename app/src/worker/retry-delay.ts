// How long a failed item job waits before its next attempt: exponential from a base, capped.
export const MAX_RETRY_DELAY_MS = 60_000;

/** `attemptsMade` counts failures so far (1 after the first failure). */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  const exponent = Math.max(0, attemptsMade - 1);
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** exponent);
}
