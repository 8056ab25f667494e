// Baseline (b): the stack with plain docker CLI commands, as a careful shell script would
// build it. Networks and the volume at once; each container as soon as what it needs is
// ready (db healthy → migrate exits 0 → api and worker; healthy apis → web), health
// watched by polling `docker inspect` every 100 ms.
import { execa } from 'execa';
import type { BaselineContext, BaselineStack } from './baseline-stack.ts';
import { connectAndStartArgs, containerArgs, networkCreateArgs, teardownArgs, volumeCreateArgs } from './docker-cli-commands.ts';
import { HealthWatcher } from '../../readiness/health-watcher.ts';
import type { StackPlan } from './stack-plan.ts';

function dockerRunner(context: BaselineContext, options: { reject: boolean } = { reject: true }) {
  return (args: string[]) =>
    execa('docker', args, {
      env: { ...process.env, ...context.secretEnv },
      cancelSignal: context.signal,
      reject: options.reject,
      stdout: { file: context.logFile, append: true },
      stderr: { file: context.logFile, append: true },
    });
}

export const readyTimeoutMs = 90_000;

export function dockerCliStack(): BaselineStack {
  return {
    variant: 'docker-cli',
    async provision(plan: StackPlan, context: BaselineContext) {
      const docker = dockerRunner(context);
      await Promise.all([
        ...plan.networks.map(async (network) => {
          context.record(network.name, 'network', 'requested');
          await docker(networkCreateArgs(network, plan.labels));
          context.record(network.name, 'network', 'done');
        }),
        ...plan.volumes.map(async (volume) => {
          context.record(volume, 'volume', 'requested');
          await docker(volumeCreateArgs(volume, plan.labels));
          context.record(volume, 'volume', 'done');
        }),
      ]);
      // One failure stops the rest: nothing new is created once something failed.
      const failed = new AbortController();
      const signal = AbortSignal.any([context.signal, failed.signal]);
      const watcher = new HealthWatcher({ intervalMs: 100, timeoutMs: readyTimeoutMs, signal });
      const ready = new Map<string, Promise<void>>();
      for (const spec of plan.services) {
        const dependencies = spec.after.map((name) => {
          const dependency = ready.get(name);
          if (!dependency) throw new Error(`${spec.name} depends on ${name}, which comes later in the plan`);
          return dependency;
        });
        ready.set(
          spec.name,
          (async () => {
            await Promise.all(dependencies);
            signal.throwIfAborted();
            context.record(spec.name, 'container', 'requested');
            // A one-shot runs attached: docker run returns with its exit code (execa rejects on non-zero).
            await docker(containerArgs(spec, plan));
            for (const args of connectAndStartArgs(spec)) await docker(args);
            if (!spec.oneShot) await watcher.waitFor(spec.name);
            context.record(spec.name, 'container', 'done');
          })().catch((error: unknown) => {
            failed.abort(error);
            throw error;
          }),
        );
      }
      const settled = await Promise.allSettled(ready.values());
      const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (rejected) throw failed.signal.reason ?? rejected.reason;
    },
    async teardown(plan: StackPlan, context: BaselineContext) {
      // Not cancellable, and tolerant of what a partial provision never created: the
      // label check after teardown says what is left.
      const docker = dockerRunner({ ...context, signal: new AbortController().signal }, { reject: false });
      for (const args of teardownArgs(plan)) await docker(args);
    },
  };
}
