// The results file from the measured cycles: statistics per phase and variant, the
// ratios, the concurrency figures and the driver's peak memory. Pure.
import {
  type BenchOptions,
  type BenchResults,
  type CaseFailure,
  type ClusterTiming,
  type ConcurrencyMeasurement,
  type CycleMeasurement,
  type MachineFacts,
  type ProcessTreePeak,
  type VariantName,
  variantNames,
} from './bench-types.ts';
import { medianRatio, phaseStatistics } from './statistics.ts';

export interface ResultsInput {
  generatedAt: string;
  machine: MachineFacts;
  options: Omit<BenchOptions, 'outputDir'>;
  cycles: CycleMeasurement[];
  concurrency: ConcurrencyMeasurement | undefined;
  notes: string[];
  cluster?: ClusterTiming | undefined;
  caseFailures?: CaseFailure[];
}

export function highestPeak(peaks: Array<ProcessTreePeak | undefined>): ProcessTreePeak | undefined {
  return peaks.reduce<ProcessTreePeak | undefined>((best, peak) => (peak && (!best || peak.totalBytes > best.totalBytes) ? peak : best), undefined);
}

export function buildResults(input: ResultsInput): BenchResults {
  const phases = phaseStatistics(input.cycles, input.options.suites);
  const ratio = (phase: string) => medianRatio(phases, phase, 'driver', 'docker-cli');
  return {
    generatedAt: input.generatedAt,
    machine: input.machine,
    options: input.options,
    phases,
    ratios: {
      fullCycle: ratio('full cycle'),
      withoutSuites: ratio('without suites'),
      provision: ratio('provision'),
      teardown: ratio('teardown'),
      upgrade: medianRatio(phases, 'full cycle', 'upgrade', 'driver'),
      postgresProvision: medianRatio(phases, 'provision', 'postgres', 'driver'),
      postgresTeardown: medianRatio(phases, 'teardown', 'postgres', 'driver'),
      kubernetesProvision: medianRatio(phases, 'provision', 'kubernetes', 'driver'),
      kubernetesFullCycle: medianRatio(phases, 'full cycle', 'kubernetes', 'driver'),
      kubernetesTeardown: medianRatio(phases, 'teardown', 'kubernetes', 'driver'),
    },
    ...(input.cluster ? { cluster: input.cluster } : {}),
    concurrency: input.concurrency,
    driverPeakMemory: peakOf(input.cycles, 'driver'),
    peakMemoryByVariant: Object.fromEntries(variantNames.flatMap((variant) => (peakOf(input.cycles, variant) ? [[variant, peakOf(input.cycles, variant)]] : []))),
    caseFailures: input.caseFailures ?? [],
    cycles: input.cycles,
    notes: input.notes,
  };
}

/** Over the cycles that passed: a run refused at its start would show only the driver's own start. */
function peakOf(cycles: CycleMeasurement[], variant: VariantName): ProcessTreePeak | undefined {
  return highestPeak(cycles.filter((cycle) => cycle.variant === variant && cycle.ok).map((cycle) => cycle.peakMemory));
}

export interface TargetCheck {
  target: string;
  limit: string;
  measured: number | undefined;
  /** `runs`: how many of the runs at once passed. */
  unit: 's' | '×' | 'MiB' | 'runs';
  met: boolean | undefined;
}

/** The targets of issues 6, 14, 11 and 13 against the medians measured; undefined where nothing was measured. */
export function targetChecks(results: BenchResults): TargetCheck[] {
  const driver = (phase: string) => results.phases[phase]?.driver?.median;
  const check = (target: string, measured: number | undefined, limit: number, unit: 's' | '×' | 'MiB'): TargetCheck => ({
    target,
    limit: `≤ ${limit}${unit === '×' ? '×' : ` ${unit}`}`,
    measured,
    unit,
    met: measured === undefined ? undefined : measured <= limit,
  });
  return [
    check('full cycle (a)', driver('full cycle'), 45, 's'),
    check('full cycle (a)/(b)', results.ratios.fullCycle, 1.5, '×'),
    check('provision to ready (a)', driver('provision'), 10, 's'),
    check('teardown (a)', driver('teardown'), 5, 's'),
    check(`${results.concurrency?.runs ?? 4} branches at once / one`, results.concurrency?.ratio, 2.5, '×'),
    // Issue 14's target.
    check('upgrade-path cycle (u)/(a)', results.ratios.upgrade, 1.6, '×'),
    // Issue 11's: the Kubernetes target against Docker's in the same run, and the local cluster's own.
    check('provision to ready (k)/(a)', results.ratios.kubernetesProvision, 2, '×'),
    check('teardown (k)', results.phases['teardown']?.kubernetes?.median, 10, 's'),
    check('cluster start to node Ready', results.cluster?.nodeReadySeconds, 15, 's'),
    check('cluster teardown (cluster down)', results.cluster?.downSeconds, 10, 's'),
    // Issue 13's: many branches on one host, a lighter driver, and no slower than before.
    check('full cycle (a)/(b), issue 13', results.ratios.fullCycle, 1.2, '×'),
    check('driver and suites peak (a)', results.driverPeakMemory && results.driverPeakMemory.totalBytes / 1024 ** 2, 1536, 'MiB'),
    ...(results.concurrency ? [concurrentRunsPassed(results.concurrency)] : []),
  ];
}

function concurrentRunsPassed(concurrency: NonNullable<BenchResults['concurrency']>): TargetCheck {
  const passed = concurrency.cycles.filter((cycle) => cycle.ok).length;
  return { target: `${concurrency.runs} branches at once: runs that passed`, limit: `all ${concurrency.runs}`, measured: passed, unit: 'runs', met: passed === concurrency.runs };
}
