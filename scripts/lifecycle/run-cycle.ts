// The lifecycle of `run`, top to bottom: preflight, images, up, ready, seed, (suites),
// down. The environment is a disposable value, so it is destroyed on every path out
// of this function unless the run keeps it.
import { seedEnvironment } from '../../app/src/seed/seed.ts';
import { runBootstrap } from '../bootstrap/run-bootstrap.ts';
import type { ToolchainContext } from '../components/component.ts';
import { stackLabels } from '../naming/labels.ts';
import { httpHealthProbe } from '../readiness/http-health-probe.ts';
import { waitUntilReady } from '../readiness/wait-until-ready.ts';
import { dockerProgram, prepareDockerImages } from '../targets/docker-target.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';
import { PhaseClock, type PhaseRecord } from './phase-clock.ts';
import { type ProvisionedEnvironment, provisionEnvironment } from './provision.ts';
import type { RunPlan } from './run-plan.ts';

export interface RunReport {
  plan: RunPlan;
  phases: PhaseRecord[];
  outputs: EnvironmentOutputs | undefined;
  kept: boolean;
}

export interface CycleDependencies {
  toolchain: ToolchainContext;
  signal: AbortSignal;
  progress: (line: string) => void;
  engineOutput: (line: string) => void;
}

export async function provisionAndWait(plan: RunPlan, deps: CycleDependencies, clock: PhaseClock): Promise<ProvisionedEnvironment> {
  const { toolchain, signal } = deps;
  await clock.time('preflight', () => runBootstrap(toolchain, deps.progress));
  const images = await clock.time('images', () => prepareDockerImages(toolchain));
  const labels = stackLabels(plan);
  const environment = await clock.time('up', () =>
    provisionEnvironment({
      toolchain,
      slug: plan.slug,
      program: dockerProgram({ slug: plan.slug, labels, images }),
      signal,
      onOutput: deps.engineOutput,
    }),
  );
  try {
    await clock.time('ready', () =>
      waitUntilReady(
        [
          httpHealthProbe('api', new URL('/health', environment.outputs.apiUrl).href),
          httpHealthProbe('web', new URL('/health', environment.outputs.webUrl).href),
        ],
        { timeoutMs: 60_000, intervalMs: 250, signal },
      ),
    );
  } catch (error) {
    await environment.destroy();
    throw error;
  }
  return environment;
}

export async function runCycle(plan: RunPlan, deps: CycleDependencies): Promise<RunReport> {
  const clock = new PhaseClock(deps.progress);
  const environment = await provisionAndWait(plan, deps, clock);
  // Tears down on every way out of this function, unless the run keeps the environment.
  await using _teardown = plan.keep ? undefined : environment;
  const { outputs } = environment;
  await clock.time('seed', () =>
    seedEnvironment({
      apiUrl: outputs.apiUrl,
      adminEmail: outputs.adminEmail,
      adminPassword: outputs.adminPassword,
      expectedStack: plan.slug,
      signal: deps.signal,
    }),
  );
  if (!plan.keep) await clock.time('down', () => environment.destroy());
  return { plan, phases: clock.phases, outputs, kept: plan.keep };
}
