// Up with live progress, then ready: every container's health check, and every entry
// point's health path from the host. The same for a plain run, for the version an upgrade
// starts from, and for the rollout (each with its own project's entry points).
import type { EngineLogFiles } from '../artifacts/engine-log.ts';
import { secretsInOutputs } from '../artifacts/redact.ts';
import type { LoadedProject } from '../contract/load-config.ts';
import { httpHealthProbe } from '../readiness/http-health-probe.ts';
import { waitUntilReady } from '../readiness/wait-until-ready.ts';
import { checkOutputs, entryPointUrls, secretOutputNames } from '../targets/environment-outputs.ts';
import type { CycleDependencies, CycleRecord } from './cycle-skeleton.ts';
import { type EngineLogs, type EnvironmentHandle, provisionError } from './provision.ts';
import { retryTransient } from './retry-transient.ts';

export interface ProvisionReadyOptions {
  /** The project whose entry points and outputs schema apply (default: the run's). */
  project?: LoadedProject;
  /** Phase names: `up` and `ready` unless given. */
  phases?: { up: string; ready: string };
  /** Engine logs (default: the up log). */
  logs?: EngineLogs;
  /** Retries of a transient engine failure (default 1; a rollout is not retried). */
  retries?: number;
  /** Turns an engine failure into the run's error (default: the provisioning error). */
  failure?: (error: unknown) => Error;
  /** Called with the entry points' health URLs as soon as the outputs are known. */
  onHealthUrls?: (urls: Record<string, string>) => void;
}

/** Each entry point's health URL, by name, where it declares a health path. */
export function healthUrlsOf(project: LoadedProject, urls: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(project.config.entryPoints).flatMap(([name, entry]) => (entry.health && urls[name] ? [[name, new URL(entry.health, urls[name]).href]] : [])),
  );
}

export async function provisionReady(deps: CycleDependencies, record: CycleRecord, environment: EnvironmentHandle, logs: EngineLogFiles, options: ProvisionReadyOptions = {}) {
  const project = options.project ?? deps.project;
  const phases = options.phases ?? { up: 'up', ready: 'ready' };
  const failure = options.failure ?? ((error: unknown) => provisionError(environment.slug, error));
  const retry = { retries: options.retries ?? 1, signal: deps.signal, progress: deps.progress };
  const { outputs, raw } = await record.clock.time(phases.up, () =>
    retryTransient(phases.up, () => environment.up(deps.signal, options.logs ?? logs.up), retry).catch((error: unknown) => {
      throw deps.signal.aborted ? error : failure(error);
    }),
  );
  record.secretOutputNames = secretOutputNames(raw);
  for (const secret of secretsInOutputs(raw)) record.secrets.add(secret);
  record.outputs = outputs;
  const checked = checkOutputs(outputs, project.config.outputs);
  const urls = entryPointUrls(project.config.entryPoints, checked);
  const healthUrls = healthUrlsOf(project, urls);
  options.onHealthUrls?.(healthUrls);
  const probes = Object.entries(healthUrls).map(([name, url]) => httpHealthProbe(name, url));
  await record.clock.time(phases.ready, () => waitUntilReady(probes, { timeoutMs: 60_000, intervalMs: 250, signal: deps.signal }));
  return { outputs: checked, urls, healthUrls };
}
