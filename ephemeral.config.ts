// The reference project's stack contract: infra/ (the Docker and Kubernetes programs), app/ (its image),
// tests/env/ (seed and suites). The tool reaches the reference stack only through this
// file; a team writes the same file for its own stack (README, "Your own stack").
import { defineConfig } from './scripts/contract/define-config.ts';
import { stageAppBuildContext } from './infra/docker/app-build-context.ts';
import { referenceBaseline } from './infra/docker/baseline-plan.ts';
import { referenceDockerProgram } from './infra/docker/context-program.ts';
import { faultNames } from './infra/docker/faults.ts';
import { environmentOutputsSchema } from './infra/outputs-schema.ts';

export default defineConfig({
  name: 'reference',
  targets: {
    docker: { program: referenceDockerProgram },
    // Loaded only when deployed: a Docker run need not load @pulumi/kubernetes.
    kubernetes: {
      program: (context) => async () => {
        const { referenceKubernetesProgram } = await import('./infra/kubernetes/context-program.ts');
        return referenceKubernetesProgram(context)();
      },
    },
  },
  images: {
    // One image for api, worker, web and migrate; each role is chosen by its command.
    app: { context: 'app', dockerfile: 'app/Dockerfile', stage: stageAppBuildContext },
  },
  entryPoints: {
    web: { output: 'webUrl', health: '/health' },
    api: { output: 'apiUrl', health: '/health' },
  },
  outputs: environmentOutputsSchema,
  seed: { command: ['node', 'tests/env/seed.ts'] },
  // The services the suites' tags name (infra/docker/program.ts labels each container with one).
  services: ['db', 'queue', 'migrate', 'api', 'worker', 'web'],
  // api, queue and auth only add data of their own and mostly wait on the worker, so they
  // share a stage; data restarts an api replica and holds a table lock, ui takes the CPU
  // for its browser, load measures latency: each of these runs alone.
  suites: [
    { name: 'api', stage: 0, runner: { kind: 'vitest', config: 'tests/env/vitest.config.ts', project: 'api' } },
    { name: 'queue', stage: 0, runner: { kind: 'vitest', config: 'tests/env/vitest.config.ts', project: 'queue' } },
    { name: 'auth', stage: 0, runner: { kind: 'vitest', config: 'tests/env/vitest.config.ts', project: 'auth' } },
    { name: 'data', stage: 1, runner: { kind: 'vitest', config: 'tests/env/vitest.config.ts', project: 'data' } },
    { name: 'ui', stage: 2, runner: { kind: 'playwright', config: 'tests/env/playwright.config.ts', report: 'playwright/results.json' } },
    { name: 'load', stage: 3, measuresLatency: true, runner: { kind: 'command', argv: ['node', 'tests/env/load/run-load.ts'], junit: 'load/junit.xml' } },
  ],
  // Each fault is one stack-config value the program reads (infra/docker/faults.ts).
  faults: Object.fromEntries(faultNames.map((fault) => [fault, { config: { fault } }])),
  // `run --upgrade-from REF`: the old version writes items and job results, the new one
  // reads them back and updates them (tests/env/upgrade/). The rollout replaces the app's
  // containers (the engine publishes them on new ports), so a gap is expected: the limit
  // catches a rollout that stalls, not the replacement itself.
  upgrade: {
    before: { command: ['node', 'tests/env/upgrade/before.ts'], timeoutSeconds: 120 },
    after: { command: ['node', 'tests/env/upgrade/after.ts'], timeoutSeconds: 120 },
    maxDowntimeMs: 60_000,
  },
  // The same stack as plain data, for the bench's docker-CLI and docker-compose baselines.
  bench: { baseline: referenceBaseline },
});
