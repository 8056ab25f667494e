// Ready means every health check of the stack passes: each labelled container is healthy
// (a one-shot job: exited 0). The first container that fails (exits, turns unhealthy)
// ends the wait at once instead of burning the whole timeout.
import { stackContainers } from '../artifacts/collect-service-logs.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { HealthWatcher } from './health-watcher.ts';

export interface StackReadinessOptions {
  timeoutMs: number;
  signal: AbortSignal;
}

export async function waitForStackHealth(slug: string, options: StackReadinessOptions): Promise<void> {
  const names = await stackContainers(slug);
  if (names.length === 0) throw new Error(`no container carries the label of ${slug}`);
  const firstFailure = new AbortController();
  const watcher = new HealthWatcher({ intervalMs: 250, timeoutMs: options.timeoutMs, signal: AbortSignal.any([options.signal, firstFailure.signal]) });
  const settled = await Promise.allSettled(
    names.map((name) =>
      watcher.waitFor(name).catch((error: unknown) => {
        firstFailure.abort();
        throw error;
      }),
    ),
  );
  options.signal.throwIfAborted();
  const failures = settled
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => (result.reason as Error).message)
    .filter((message) => !message.endsWith(': aborted'));
  if (failures.length > 0) {
    throw new EphemeralError(`not every service became ready:\n${failures.map((failure) => `  ${failure}`).join('\n')}`, {
      code: 'E_NOT_READY',
      exitCode: ExitCode.provisionFailed,
      remedy: 'the "why not ready" report and logs/ in the artifacts show each service’s health check output and log tail',
    });
  }
}
