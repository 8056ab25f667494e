// What a run needs of the place its stack lives, whatever that is: the Docker engine of
// this host, or a Kubernetes cluster. The lifecycle (provision, readiness, evidence,
// teardown) talks to this interface only; each target implements it in its own folder
// (scripts/docker, scripts/kubernetes), so a second target is a second implementation,
// not a second tool.
import type { ToolchainTarget } from '../components/all-components.ts';
import type { ServiceLogSummary } from '../artifacts/collect-service-logs.ts';
import type { ResourceSampler } from '../artifacts/resource-sampler.ts';
import type { TargetName } from '../contract/define-config.ts';
import type { NotReadyService } from '../readiness/why-not-ready.ts';

export interface HealthWait {
  timeoutMs: number;
  signal: AbortSignal;
}

/** Something on the target that carries a stack's label: a Docker object, a namespace. */
export interface LabelledStackObject {
  /** `container`, `network`, `volume`, `image`, `namespace`. */
  kind: string;
  name: string;
  /** ephemeral.* labels (on Kubernetes with the annotations of the same keys folded in). */
  labels: Record<string, string>;
}

/** What teardown needs of a target: removing what carries a stack's label. */
export interface StackSweeper {
  /** Removes whatever still carries the stack's label; returns what could not be removed. */
  sweep(slug: string): Promise<string[]>;
  /** After a crash, before the destroy, and beside it: stops the stack's workloads at once (Docker: its containers). */
  sweepWorkloads(slug: string): Promise<void>;
}

/** What the end of a suite asks of the target: for log slices and the services at fault. */
export interface WorkloadView {
  /** The stack's workloads (containers, or `namespace/pod`) by service. */
  services(slug: string): Promise<Record<string, string[]>>;
  /** Each workload's log since `since`, by workload. */
  logsSince(workloads: readonly string[], since: Date): Promise<Map<string, string>>;
  /** The services with no live workload now (a one-shot that succeeded is done, not down). */
  servicesDown(services: Record<string, string[]>): Promise<string[]>;
}

export interface TargetRuntime extends StackSweeper {
  /** The stack's workloads, for the suites' log slices and services at fault. */
  readonly workloads: WorkloadView;
  readonly name: TargetName;
  /** For messages: the engine or the cluster's context. */
  readonly where: string;
  /** What the bootstrap makes present for it (a cluster of the user's needs no local cluster built). */
  readonly bootstrapTargets: readonly ToolchainTarget[];
  /** Makes the target ready to deploy onto (the local cluster started); after the bootstrap. */
  prepare(progress: (line: string) => void): Promise<void>;
  /**
   * Makes built images reachable from the target (imported into the local cluster's
   * runtime, or pushed to the cluster's registry); returns the name under which the
   * target knows each image that it renamed.
   */
  deliverImages(images: readonly string[], progress: (line: string) => void): Promise<Record<string, string>>;
  /** Stack config the target's provider needs (which cluster), set before every update. */
  readonly providerConfig: Record<string, string>;
  /** Variables for the seed and the suites (how they reach the target themselves). */
  readonly suiteEnv: Record<string, string>;
  /** Resolves once everything the stack runs is ready (a one-shot that succeeded counts); throws at the first hopeless failure. */
  waitUntilHealthy(slug: string, wait: HealthWait): Promise<void>;
  /** Each workload that is not fine, with its state, last failed check and log tail. */
  whyNotReady(slug: string): Promise<NotReadyService[]>;
  /** Each workload's log (and the target's own evidence: inspect data, events, objects) under logsDir. */
  collectLogs(slug: string, logsDir: string): Promise<ServiceLogSummary[]>;
  /** The /metrics of each workload that declares a metrics port, under metricsDir; returns whose. */
  collectMetrics(slug: string, metricsDir: string): Promise<string[]>;
  /** Samples CPU and memory of the stack's workloads into `file` until stopped. */
  startSampler(slug: string, file: string, intervalMs: number): ResourceSampler;
  /**
   * Puts the stack's workloads first on the target's CPU while its latency is measured;
   * returns what undoes it. Docker: the containers' CPU shares; a cluster schedules pods
   * by their requests, so there it does nothing.
   */
  favourWorkloads(slug: string): Promise<() => Promise<void>>;
  /** Whether `list` and `gc` can look at it now (the local cluster may be down). */
  reachable(): Promise<boolean>;
  /** What carries any stack's label (or `slug`'s), for `list` and `gc`. */
  listLabelled(slug?: string): Promise<LabelledStackObject[]>;
}

/** One sweeper over several targets: `gc` and `down` reclaim a stack wherever it lives. */
export function sweeperOf(runtimes: readonly StackSweeper[]): StackSweeper {
  return {
    sweep: async (slug) => (await Promise.all(runtimes.map((runtime) => runtime.sweep(slug)))).flat(),
    sweepWorkloads: async (slug) => void (await Promise.all(runtimes.map((runtime) => runtime.sweepWorkloads(slug)))),
  };
}
