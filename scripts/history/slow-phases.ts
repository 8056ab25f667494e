// Which phases of a run took markedly longer than usual: more than 1.5× their median over
// the default branch's last runs. Pure; the history comes in as data.
import type { HistoryEntry } from './run-history.ts';

export interface SlowPhase {
  name: string;
  seconds: number;
  /** The median over the runs compared with. */
  medianSeconds: number;
  /** How many earlier runs the median is of. */
  runs: number;
  ratio: number;
}

export interface SlowPhaseRule {
  /** How many of the latest runs make the median. */
  window: number;
  factor: number;
  /** Fewer earlier runs than this say nothing yet. */
  minimumRuns: number;
  /** A phase must also be this many seconds over its median: 0.2 s against 0.1 s is noise. */
  minimumExcessSeconds: number;
  /** Which earlier runs count: by default the passed ones (a failed run's phases are cut short or stretched). */
  comparable?: (entry: HistoryEntry) => boolean;
}

export const defaultSlowPhaseRule: SlowPhaseRule = { window: 10, factor: 1.5, minimumRuns: 3, minimumExcessSeconds: 1 };

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle]) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * `phases` are the run's seconds per phase name; `earlier` the default branch's runs,
 * oldest first (the run itself not among them).
 */
export function slowPhases(phases: Readonly<Record<string, number>>, earlier: readonly HistoryEntry[], rule: SlowPhaseRule = defaultSlowPhaseRule): SlowPhase[] {
  const comparable = earlier.filter(rule.comparable ?? ((entry) => entry.outcome === 'passed'));
  return Object.entries(phases).flatMap(([name, seconds]) => {
    const samples = comparable
      .filter((entry) => entry.phases[name] !== undefined)
      .slice(-rule.window)
      .map((entry) => entry.phases[name] as number);
    const middle = median(samples);
    if (middle === undefined || samples.length < rule.minimumRuns) return [];
    if (seconds <= middle * rule.factor || seconds - middle < rule.minimumExcessSeconds) return [];
    return [{ name, seconds, medianSeconds: middle, runs: samples.length, ratio: middle > 0 ? seconds / middle : Number.POSITIVE_INFINITY }];
  });
}
