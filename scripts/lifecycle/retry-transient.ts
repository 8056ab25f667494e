// Bounded, logged retries of transient infrastructure errors (a registry or Docker API
// hiccup, a dropped connection). Never used for tests: a failing test fails the run.
import pRetry, { AbortError } from 'p-retry';

// Errors that say "try again", as the Docker engine and npm word them.
const transientPatterns = [
  /connection reset by peer/i,
  /TLS handshake timeout/i,
  /i\/o timeout/i,
  /context deadline exceeded/i,
  /ECONNRESET|ETIMEDOUT|EAI_AGAIN/,
  /Cannot connect to the Docker daemon/i,
];

export function isTransient(error: unknown): boolean {
  const stderr = (error as { stderr?: unknown } | undefined)?.stderr;
  const text = error instanceof Error ? `${error.message} ${typeof stderr === 'string' ? stderr : ''}` : String(error);
  return transientPatterns.some((pattern) => pattern.test(text));
}

export interface RetryOptions {
  retries: number;
  signal: AbortSignal;
  progress: (line: string) => void;
}

export async function retryTransient<T>(name: string, work: () => Promise<T>, options: RetryOptions): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await work();
      } catch (error) {
        if (options.signal.aborted || !isTransient(error)) throw new AbortError(error as Error);
        throw error;
      }
    },
    {
      retries: options.retries,
      minTimeout: 1000,
      factor: 2,
      signal: options.signal,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        options.progress(`${name}: transient error on attempt ${attemptNumber} (${retriesLeft} left): ${error.message.split('\n')[0]}`);
      },
    },
  );
}
