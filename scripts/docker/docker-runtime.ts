// The Docker target: the stack's containers on this host's engine, found by the stack's
// label. Images are already in the engine that runs them; the provider needs no settings.
import { collectServiceLogs } from '../artifacts/collect-service-logs.ts';
import { startResourceSampler } from '../artifacts/resource-sampler.ts';
import { scrapeMetrics } from '../artifacts/scrape-metrics.ts';
import { labelKeys } from '../naming/labels.ts';
import { waitForStackHealth } from '../readiness/stack-readiness.ts';
import { whyNotReady } from '../readiness/why-not-ready.ts';
import { readContainerLogs } from '../suites/log-slices.ts';
import { servicesDown } from '../suites/service-state.ts';
import type { TargetRuntime, WorkloadView } from '../targets/target-runtime.ts';
import { listLabelledObjects } from './labelled-objects.ts';
import { favourStackContainers } from './measurement-priority.ts';
import { removeLabelledObjects } from './remove-labelled-objects.ts';
import { listStackContainers, stackServices } from './stack-services.ts';

export const dockerWorkloads: WorkloadView = {
  services: (slug) => stackServices(slug),
  logsSince: (containers, since) => readContainerLogs(containers, since),
  servicesDown: (services) => servicesDown(services),
};

export const dockerRuntime: TargetRuntime = {
  name: 'docker',
  workloads: dockerWorkloads,
  where: 'the Docker engine of this host',
  bootstrapTargets: ['docker'],
  providerConfig: {},
  suiteEnv: {},
  // The bootstrap starts the engine; built images are in it already.
  prepare: async () => undefined,
  deliverImages: async () => ({}),
  waitUntilHealthy: (slug, wait) => waitForStackHealth(slug, wait),
  whyNotReady: (slug) => whyNotReady(slug),
  collectLogs: (slug, logsDir) => collectServiceLogs(slug, logsDir),
  collectMetrics: async (slug, metricsDir) => scrapeMetrics(await listStackContainers(slug), metricsDir),
  startSampler: (slug, file, intervalMs) => startResourceSampler(slug, file, intervalMs),
  favourWorkloads: (slug) => favourStackContainers(slug),
  sweep: (slug) => removeLabelledObjects(`${labelKeys.stack}=${slug}`),
  sweepWorkloads: async (slug) => void (await removeLabelledObjects(`${labelKeys.stack}=${slug}`, ['container'])),
  reachable: async () => true,
  listLabelled: async (slug) =>
    (await listLabelledObjects(slug ? `${labelKeys.stack}=${slug}` : labelKeys.stack)).map(({ kind, name, labels }) => ({ kind, name, labels })),
};
