// Runs the selected suites against a ready environment, stage by stage: the suites of a
// stage at once (see suiteStages). The outputs (secrets included) reach them only as a
// file only this user can read, in a private temp folder that is removed afterwards;
// never on a command line or in artifacts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteCounts } from '../artifacts/run-summary.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { type SuiteName, type SuiteRunner, suiteRunnerStages } from '../suites/suite-runner.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';
import type { PhaseClock } from './phase-clock.ts';

export interface SuitesRequest {
  suites: SuiteName[];
  outputs: EnvironmentOutputs;
  artifactsDir: string;
  signal: AbortSignal;
  progress: (line: string) => void;
  clock: PhaseClock;
  /** How long the load phase drives traffic; default: its thresholds file. */
  loadSeconds?: number;
  /** Takes the host's one measurement slot, for a stage that measures latency. */
  measurementSlot?: () => Promise<AsyncDisposable>;
}

export async function runSuites(request: SuitesRequest): Promise<SuiteCounts[]> {
  const privateDir = mkdtempSync(join(tmpdir(), 'ephemeral-outputs-'));
  const outputsFile = join(privateDir, 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(request.outputs), { mode: 0o600 });
  const context = { outputsFile, artifactsDir: request.artifactsDir, signal: request.signal, progress: request.progress };
  const runOne = async (runner: SuiteRunner) => {
    const result = await request.clock.time(`suite ${runner.name}`, () => runner.run(context), (counts) => counts.failed === 0);
    request.progress(`suite ${runner.name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
    return result;
  };
  const results: SuiteCounts[] = [];
  try {
    for (const stage of suiteRunnerStages(request.suites, request.loadSeconds === undefined ? {} : { loadSeconds: request.loadSeconds })) {
      request.signal.throwIfAborted();
      // No other run's latency measurement shares the host with this one.
      await using _slot = stage.some((runner) => runner.measuresLatency) && request.measurementSlot ? await request.measurementSlot() : undefined;
      // Every suite of the stage ends before anything is thrown: none runs on into teardown.
      const settled = await Promise.allSettled(stage.map(runOne));
      for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
        results.push(outcome.value);
      }
    }
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
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
    { code: 'E_SUITE_FAILED', exitCode: ExitCode.suiteFailed, remedy: 'see vitest/, playwright/, load/ and logs/by-test/ in the artifacts' },
  );
}
