// Maps what happened in a run to its outcome and exit code, as DESIGN fixes them.
import type { RunOutcome } from '../artifacts/run-summary.ts';
import { EphemeralError, ExitCode } from '../errors.ts';

export const outcomeExitCode: Record<RunOutcome, ExitCode> = {
  passed: ExitCode.ok,
  'suite-failed': ExitCode.suiteFailed,
  'provision-failed': ExitCode.provisionFailed,
  'teardown-incomplete': ExitCode.teardownIncomplete,
  interrupted: ExitCode.interrupted,
  refused: ExitCode.usage,
};

// Leaked resources matter most; then an interrupt; then the earliest failing phase.
const severity: RunOutcome[] = ['teardown-incomplete', 'interrupted', 'refused', 'provision-failed', 'suite-failed', 'passed'];

export function worstOutcome(outcomes: RunOutcome[]): RunOutcome {
  return severity.find((outcome) => outcomes.includes(outcome)) ?? 'passed';
}

export function outcomeOfError(error: unknown, interrupted: boolean): RunOutcome {
  if (interrupted) return 'interrupted';
  if (error instanceof EphemeralError && error.exitCode === ExitCode.suiteFailed) return 'suite-failed';
  if (error instanceof EphemeralError && error.exitCode === ExitCode.usage) return 'refused';
  return 'provision-failed';
}
