// Minimum, median and maximum per phase and variant, and the ratios the issue asks for.
// Pure: measurements in, numbers out.
import { phaseOrder } from './phase-names.ts';
import type { CycleMeasurement, PhaseStatistics, VariantName } from './bench-types.ts';

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function describe(values: number[]): PhaseStatistics {
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), count: values.length };
}

/**
 * Phase → variant → statistics, over the cycles that passed (a failed cycle's phases are
 * cut short and would flatter it). Phases in run order; unknown ones after, by name.
 */
export function phaseStatistics(cycles: CycleMeasurement[], suiteOrder: readonly string[] = []): Record<string, Partial<Record<VariantName, PhaseStatistics>>> {
  const passed = cycles.filter((cycle) => cycle.ok);
  const names = orderPhases([...new Set(passed.flatMap((cycle) => Object.keys(cycle.phases)))], suiteOrder);
  const result: Record<string, Partial<Record<VariantName, PhaseStatistics>>> = {};
  for (const name of names) {
    const byVariant: Partial<Record<VariantName, PhaseStatistics>> = {};
    for (const variant of [...new Set(passed.map((cycle) => cycle.variant))]) {
      const values = passed.filter((cycle) => cycle.variant === variant && name in cycle.phases).map((cycle) => cycle.phases[name] as number);
      if (values.length > 0) byVariant[variant] = describe(values);
    }
    result[name] = byVariant;
  }
  return result;
}

/** `suiteOrder`: the suites in run order, as the config takes them (others after, by name). */
export function orderPhases(names: string[], suiteOrder: readonly string[] = []): string[] {
  const suiteRank = (name: string) => {
    const index = suiteOrder.indexOf(name.replace(/^suite /, ''));
    return index === -1 ? suiteOrder.length : index;
  };
  const rank = (name: string) => {
    const index = phaseOrder.indexOf(name.startsWith('suite ') ? 'suites' : name);
    return index === -1 ? phaseOrder.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || suiteRank(a) - suiteRank(b) || a.localeCompare(b));
}

/** median(a) / median(b) for one phase, when both exist and b is not zero. */
export function medianRatio(
  statistics: Record<string, Partial<Record<VariantName, PhaseStatistics>>>,
  phase: string,
  numerator: VariantName,
  denominator: VariantName,
): number | undefined {
  const top = statistics[phase]?.[numerator]?.median;
  const bottom = statistics[phase]?.[denominator]?.median;
  return top === undefined || bottom === undefined || bottom === 0 ? undefined : top / bottom;
}
