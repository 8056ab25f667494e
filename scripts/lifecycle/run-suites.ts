// Runs the selected suites against a ready environment, stage by stage: the suites of a
// stage at once. A stage with a suite that measures latency runs only while it holds the
// host's one measurement slot.
import type { SuiteCounts } from '../artifacts/run-summary.ts';
import type { SuiteDefinition } from '../contract/define-config.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { type SuiteContext, type SuiteRunner, suiteRunnerStages } from '../suites/suite-runner.ts';
import type { PhaseClock } from './phase-clock.ts';

export interface SuitesRequest {
  definitions: readonly SuiteDefinition[];
  selected: readonly string[];
  context: SuiteContext;
  clock: PhaseClock;
  /** Takes the host's one measurement slot, for a stage that measures latency. */
  measurementSlot?: () => Promise<AsyncDisposable>;
}

export async function runSuites(request: SuitesRequest): Promise<SuiteCounts[]> {
  const { context } = request;
  const runOne = async (runner: SuiteRunner) => {
    const result = await request.clock.time(`suite ${runner.name}`, () => runner.run(context), (counts) => counts.failed === 0);
    context.progress(`suite ${runner.name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
    return result;
  };
  const results: SuiteCounts[] = [];
  for (const stage of suiteRunnerStages(request.definitions, request.selected)) {
    context.signal.throwIfAborted();
    // No other run's latency measurement shares the host with this one.
    await using _slot = stage.some((runner) => runner.measuresLatency) && request.measurementSlot ? await request.measurementSlot() : undefined;
    // Every suite of the stage ends before anything is thrown: none runs on into teardown.
    const settled = await Promise.allSettled(stage.map(runOne));
    for (const outcome of settled) {
      if (outcome.status === 'rejected') throw outcome.reason;
      results.push(outcome.value);
    }
  }
  return results;
}

export function suiteFailure(results: SuiteCounts[]): EphemeralError | undefined {
  const failing = results.filter((result) => result.failed > 0);
  if (failing.length === 0) return undefined;
  const names = failing.flatMap((result) => result.failures.map((failure) => `${result.suite}: ${failure}`));
  const services = [...new Set(failing.flatMap((result) => result.serviceAtFault ?? []))];
  return new EphemeralError(
    `${names.length} failing test${names.length === 1 ? '' : 's'}${services.length ? ` (service at fault: ${services.join(', ')})` : ''}:\n  ${names.join('\n  ')}`,
    { code: 'E_SUITE_FAILED', exitCode: ExitCode.suiteFailed, remedy: 'see the suites\' reports and logs/by-test/ in the artifacts' },
  );
}
