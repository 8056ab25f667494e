// The benchmark's data: one measured cycle per variant and round, and the results file
// built from them. Plain data only, so statistics, table and chart are pure functions.

import type { BenchCase } from './bench-cases.ts';

/**
 * (a) the driver's `run`, (b) plain docker CLI, (c) docker-compose, (u) the driver's
 * `run --upgrade-from REF`, (s) `run` with a PostgreSQL state backend, (k) `run --target kubernetes`.
 */
export type VariantName = 'driver' | 'docker-cli' | 'compose' | 'upgrade' | 'postgres' | 'kubernetes';
export const variantNames: VariantName[] = ['driver', 'docker-cli', 'compose', 'upgrade', 'postgres', 'kubernetes'];

export const variantTitles: Record<VariantName, string> = {
  driver: '(a) ephemeral run',
  'docker-cli': '(b) docker CLI',
  compose: '(c) docker-compose',
  upgrade: '(u) ephemeral run --upgrade-from',
  postgres: '(s) ephemeral run, PostgreSQL backend',
  kubernetes: '(k) ephemeral run --target kubernetes',
};

/** A span on the provision timeline, in seconds from the start of provisioning. */
export interface TimelineEntry {
  name: string;
  kind: 'engine' | 'network' | 'volume' | 'container' | 'secret' | 'ready';
  /** When the object was asked for (driver: the engine's step event, 1 s resolution). */
  requested?: number;
  /** Container created and started, from `docker inspect` (nanosecond timestamps). */
  created?: number;
  started?: number;
  /** Healthy (or exited 0 for a one-shot) as the tool saw it; the driver's is the engine's step end (1 s). */
  done?: number;
}

export interface ProcessTreePeak {
  /** Highest sum of RSS over the whole tree in one sample. */
  totalBytes: number;
  /** Each group's share in that sample. */
  byGroup: Record<string, number>;
  samples: number;
}

export interface CycleMeasurement {
  variant: VariantName;
  /** 1-based round; 0 for the concurrent runs. */
  round: number;
  slug: string;
  ok: boolean;
  /** Start to end as the bench saw it (the driver: spawn to exit of its process). */
  wallSeconds: number;
  /** Canonical phase name → seconds (see phase-names.ts). */
  phases: Record<string, number>;
  suites: Array<{ suite: string; passed: number; failed: number; skipped: number }>;
  timeline: TimelineEntry[];
  peakMemory?: ProcessTreePeak;
  leftBehind: string[];
  error?: string;
  /** The driver's exit code (driver variants); 64 means it refused its options and created nothing. */
  exitCode?: number;
  artifactsDir: string;
}

export interface PhaseStatistics {
  min: number;
  median: number;
  max: number;
  count: number;
}

export interface ConcurrencyMeasurement {
  runs: number;
  wallSeconds: number;
  /** Median full cycle of one driver run alone, from the rounds. */
  singleSeconds: number | undefined;
  ratio: number | undefined;
  ok: boolean;
  /** Highest sum of RSS over all the concurrent driver trees in one sample. */
  peakMemory?: ProcessTreePeak;
  cycles: CycleMeasurement[];
  /** The same number of docker-CLI baselines at once: what the machine itself allows. */
  baseline?: { wallSeconds: number; singleSeconds: number | undefined; ratio: number | undefined; ok: boolean; cycles: CycleMeasurement[] };
}

/** The local cluster's own start and stop, as `cluster up --json` and `cluster down --json` report them. */
export interface ClusterTiming {
  ok: boolean;
  /** What the bench ran, in order (the cluster is left as it was found). */
  steps: Array<'down' | 'up'>;
  /** `cluster up`: first process started to the node Ready, and to CoreDNS available. */
  nodeReadySeconds?: number;
  dnsReadySeconds?: number;
  /** `cluster up` and `cluster down` from spawn to exit, as the bench saw them. */
  upWallSeconds?: number;
  downSeconds?: number;
  downWallSeconds?: number;
  error?: string;
}

/** A case that measured nothing (or not all it should), with the reason. */
export interface CaseFailure {
  case: BenchCase;
  reason: string;
}

export interface BenchOptions {
  /** The cases to measure (see bench-cases.ts); absent in older results: every case there was. */
  cases?: BenchCase[];
  rounds: number;
  suites: string[];
  /** The suites' stages as the config sets them (suites of one stage run at once); absent in older results. */
  suiteStages?: string[][];
  /** How many driver runs at once for "four branches at once"; 0 skips it. */
  parallel: number;
  loadSeconds: number | undefined;
  /** (u): the REF of `run --upgrade-from` (`true`: the flag alone, the default branch); undefined skips (u). */
  upgradeFrom?: string | true | undefined;
  outputDir: string;
}

export interface MachineFacts {
  cores: number;
  memoryBytes: number;
  node: string;
  docker: string;
  compose: string | undefined;
  load: number[];
}

export interface BenchResults {
  generatedAt: string;
  machine: MachineFacts;
  options: Omit<BenchOptions, 'outputDir'>;
  /** Canonical phase → variant → statistics over the rounds that passed. */
  phases: Record<string, Partial<Record<VariantName, PhaseStatistics>>>;
  ratios: {
    /** Median full cycle (a) / (b). */
    fullCycle: number | undefined;
    /** The same without the suites: what the tool itself adds. */
    withoutSuites: number | undefined;
    provision: number | undefined;
    teardown: number | undefined;
    /** Median full cycle (u) / (a): what the upgrade path costs over a plain cycle. */
    upgrade?: number | undefined;
    /** Median provision and teardown (s) / (a): the PostgreSQL state backend against the file backend. */
    postgresProvision?: number | undefined;
    postgresTeardown?: number | undefined;
    /** Median provision, full cycle and teardown (k) / (a): the Kubernetes target against Docker. */
    kubernetesProvision?: number | undefined;
    kubernetesFullCycle?: number | undefined;
    kubernetesTeardown?: number | undefined;
  };
  /** The local cluster's start to Ready and its teardown; absent when the case did not run. */
  cluster?: ClusterTiming;
  /** Highest memory of a driver run's process tree (driver and suites), per driver variant. */
  peakMemoryByVariant?: Partial<Record<VariantName, ProcessTreePeak>>;
  /** Cases that could not measure, with the reason (the rest of the bench still ran). */
  caseFailures?: CaseFailure[];
  concurrency: ConcurrencyMeasurement | undefined;
  driverPeakMemory: ProcessTreePeak | undefined;
  cycles: CycleMeasurement[];
  notes: string[];
}
