// A finished run against the history: its slow phases (compared with the default branch's
// earlier runs), then its own entry appended. A history that cannot be read or written
// costs the run a warning, never its outcome.
import type { RunSummary } from '../artifacts/run-summary.ts';
import { describeError } from '../errors.ts';
import { type RunHistory, historyEntryOf } from './run-history.ts';
import { type SlowPhase, slowPhases } from './slow-phases.ts';

export interface HistoryHook {
  history: RunHistory;
  defaultBranch: string;
}

export async function slowPhasesOf(summary: RunSummary, hook: HistoryHook): Promise<SlowPhase[]> {
  const earlier = await hook.history.read(summary.project ?? 'unnamed', { branch: hook.defaultBranch });
  return slowPhases(historyEntryOf(summary).phases, earlier.filter((entry) => entry.runId !== summary.runId));
}

/** Fills in the summary's slow phases; returns a warning when the history failed. */
export async function compareWithHistory(summary: RunSummary, hook: HistoryHook): Promise<string | undefined> {
  try {
    summary.defaultBranch = hook.defaultBranch;
    summary.slowPhases = await slowPhasesOf(summary, hook);
    return undefined;
  } catch (error) {
    return `history: could not read it (${describeError(error)})`;
  }
}

export async function recordInHistory(summary: RunSummary, hook: HistoryHook): Promise<string | undefined> {
  try {
    await hook.history.append(historyEntryOf(summary));
    return undefined;
  } catch (error) {
    return `history: could not append this run (${describeError(error)})`;
  }
}
