// Start-up and graceful shutdown of a long-running role: resources register their
// cleanup as they open, and SIGTERM/SIGINT dispose them in reverse order.
import type { Logger } from './logger.ts';

export interface Lifecycle {
  /** Aborted at the first SIGTERM or SIGINT, so start-up waits stop early. */
  readonly signal: AbortSignal;
  /** Registers a cleanup; cleanups run last-registered first. */
  defer(cleanup: () => unknown): void;
  /** Runs every cleanup once; later calls wait for the same run. */
  close(): Promise<void>;
}

// Docker's default stop grace period is 10 s; finish before it sends SIGKILL.
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 8_000;

export function createLifecycle(logger: Logger, shutdownTimeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Lifecycle {
  const controller = new AbortController();
  const cleanups = new AsyncDisposableStack();
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= cleanups.disposeAsync();
    return closing;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    logger.info({ signal }, 'shutting down');
    controller.abort();
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    deadline.unref();
    close().then(
      () => logger.info('stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  return {
    signal: controller.signal,
    defer: (cleanup) => cleanups.defer(async () => {
      await cleanup();
    }),
    close,
  };
}
