// The suites' access on the Docker target: replicas are the containers the outputs name,
// a restart is `docker restart`, commands run with `docker exec`.
import { execa } from 'execa';
import { HealthWatcher } from '../../../scripts/readiness/health-watcher.ts';
import type { ExecRequest, StackAccess } from './stack-access.ts';

// Docker sends SIGTERM, then SIGKILL after this: the api drains within it.
const STOP_TIMEOUT_SECONDS = 10;

/**
 * Waits until the container's health check passes: the check Docker runs, run by the
 * driver's health watcher while Docker still says "starting" (Docker probes only once per
 * interval, 5 s here, so its own verdict lags the service by up to that).
 */
async function waitHealthy(name: string, timeoutMs: number): Promise<void> {
  const watcher = new HealthWatcher({ intervalMs: 100, timeoutMs, signal: AbortSignal.timeout(timeoutMs + 5_000) });
  try {
    await watcher.waitFor(name);
  } catch (error) {
    throw new Error(`${name} is not healthy ${timeoutMs / 1_000} s after its restart: ${(error as Error).message}`, { cause: error });
  }
}

export function dockerAccess(services: Record<string, string[]>): StackAccess {
  return {
    // The program lists a service's containers with the published one first.
    replicas: async (service) => services[service] ?? [],
    async restartReplica(_service, replica, timeoutMs) {
      await execa('docker', ['restart', '-t', String(STOP_TIMEOUT_SECONDS), replica]);
      await waitHealthy(replica, timeoutMs);
      return replica;
    },
    async exec(replica: string, { argv, input, timeoutMs, onStdout }: ExecRequest) {
      const subprocess = execa('docker', ['exec', '--interactive', replica, ...argv], { input, timeout: timeoutMs });
      if (onStdout) subprocess.stdout.on('data', (chunk: Buffer) => onStdout(chunk.toString('utf8')));
      return (await subprocess).stdout;
    },
  };
}
