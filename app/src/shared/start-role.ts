// The shell every role's main.ts runs in: a failed start is logged as one JSON line
// (a ConfigError names the variables to fix) and the process exits 1.
import { ConfigError } from './config.ts';
import { createLogger } from './logger.ts';

export function startRole(role: string, start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    const logger = createLogger({ role, level: 'info' });
    if (error instanceof Error && error.name === 'AbortError') {
      // SIGTERM arrived while waiting for a dependency: a requested stop, not a failure.
      logger.info(`${role} stopped before it was ready`);
      return;
    }
    if (error instanceof ConfigError) {
      logger.fatal({ problems: error.problems }, error.message);
    } else {
      logger.fatal({ err: error }, `${role} failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
    logger.flush();
    process.exitCode = 1;
    // Open sockets (a pool still retrying, a Redis client) would keep the process alive.
    setTimeout(() => process.exit(1), 200).unref();
  });
}
