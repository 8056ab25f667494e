// An environment as a value that destroys itself: `await using environment = await
// openEnvironment(...)` tears down on every way out, whatever failed, unless the run
// keeps it. Teardown clears pending operations a broken `up` left, destroys and removes
// the stack, then sweeps what still carries the stack's label on its target (Docker
// objects, or namespaces).
import {
  ConcurrentUpdateError,
  type Deployment,
  type EngineEvent,
  type OutputMap,
  type Stack,
} from '@pulumi/pulumi/automation/index.js';
import type { ToolchainContext } from '../components/component.ts';
import type { EnvironmentRecord } from '../environments/environment-record.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { destroyAndRemoveStack } from '../pulumi/destroy-stack.ts';
import { removeFileBackendLeftovers } from '../pulumi/file-backend-leftovers.ts';
import { openStack, projectName } from '../pulumi/open-stack.ts';
import { readOutputsThroughExport } from '../pulumi/outputs-through-export.ts';
import { type EnvironmentOutputs, outputValues } from '../targets/environment-outputs.ts';
import type { StackSource } from '../targets/stack-source.ts';
import type { StackSweeper, TargetRuntime } from '../targets/target-runtime.ts';
import { openWorkDirStack } from '../targets/work-dir-stack.ts';

export interface EngineLogs {
  onOutput?: (text: string) => void;
  onEvent?: (event: EngineEvent) => void;
}

/** How long `up` waits for every health check to pass once the engine is done. */
const readyTimeoutMs = 90_000;

export interface OpenEnvironmentRequest {
  toolchain: ToolchainContext;
  slug: string;
  /** Where the stack lives: its readiness, its provider's settings, its sweep. */
  runtime: TargetRuntime;
  /** The target's program: inline, or a `workDir` project. */
  source: StackSource;
  /**
   * Recorded beside the stack state for `list` and `gc`: branch, run id, expiry. It says
   * kept only once the run keeps the environment: a run killed before that left an
   * abandoned environment, which `gc` reclaims, not a preview.
   */
  record?: EnvironmentRecord;
}

export interface TeardownResult {
  seconds: number;
  /** What still carries the stack's label after everything was tried (Docker objects, namespaces). */
  leftBehind: string[];
}

export interface EnvironmentHandle extends AsyncDisposable {
  slug: string;
  stack: Stack;
  /** Creates or updates the stack, and returns once every health check passes. */
  up(signal: AbortSignal, logs: EngineLogs): Promise<{ outputs: EnvironmentOutputs; raw: OutputMap }>;
  /** The stack's state exported with its secrets, as the last `up` left it. */
  exported(): Promise<Deployment>;
  destroy(logs?: EngineLogs): Promise<TeardownResult>;
  /** Keep the environment: disposal no longer destroys it. */
  keep(): Promise<void>;
  /** Rewrites the environment's record (with its entry points' URLs once they are known). */
  record(record: EnvironmentRecord): Promise<void>;
}

/**
 * After a killed or failed `up`: Pulumi's lock of the dead process goes (the branch
 * lock proves no live run updates this stack), pending creates are cleared, and the
 * workloads those creates made, which no state knows, are removed by label so that
 * what holds them (networks, namespaces) can be deleted.
 */
async function recoverForDestroy(stack: Stack, slug: string, runtime: StackSweeper, logs: EngineLogs): Promise<void> {
  await stack.cancel().catch(() => undefined);
  await stack.refresh({ clearPendingCreates: true, color: 'never', onOutput: logs.onOutput }).catch(() => undefined);
  await runtime.sweepWorkloads(slug);
}

export interface TeardownOptions {
  logs?: EngineLogs;
  /** The stack's last update was killed: recover before the first destroy. */
  afterCrash?: boolean;
}

export async function teardownStack(
  stack: Stack,
  slug: string,
  toolchain: Pick<ToolchainContext, 'paths' | 'coordination'>,
  runtime: StackSweeper,
  options: TeardownOptions = {},
): Promise<TeardownResult> {
  const started = performance.now();
  const logs = options.logs ?? {};
  const errors: string[] = [];
  // The stack's workloads go at once while the CLI starts (one forced `docker rm`, or the
  // pods without grace and their namespace): the provider removes them too, but resource
  // by resource, and takes one that is already gone as removed.
  const destroy = async () => {
    await Promise.all([destroyAndRemoveStack(stack, logs), runtime.sweepWorkloads(slug)]);
  };
  if (options.afterCrash) await recoverForDestroy(stack, slug, runtime, logs);
  try {
    await destroy();
  } catch {
    await recoverForDestroy(stack, slug, runtime, logs);
    await destroy().catch((error: Error) => errors.push(error.message));
  }
  if (errors.length === 0) {
    // The shared database unreachable: the record stays, and `gc` deletes it once the stack is gone.
    await toolchain.coordination.deleteRecord(slug).catch((error: Error) => errors.push(`the record of ${slug} stays in ${toolchain.coordination.location}: ${error.message}`));
    removeFileBackendLeftovers(toolchain.paths.stateDir, projectName, slug);
  }
  // Whatever no state knows (an interrupted create) is still found by its label.
  const leftBehind = await runtime.sweep(slug);
  return { seconds: (performance.now() - started) / 1000, leftBehind: [...leftBehind, ...errors.map((error) => `pulumi: ${lastLine(error)}`)] };
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).slice(-1)[0] ?? text;
}

export async function openEnvironment(request: OpenEnvironmentRequest): Promise<EnvironmentHandle> {
  const { source } = request;
  const stack =
    source.kind === 'inline'
      ? await openStack({ toolchain: request.toolchain, stackName: request.slug, program: source.program })
      : await openWorkDirStack(request.toolchain, request.slug, source.project, source.context);
  const exports = readOutputsThroughExport(stack);
  const { runtime } = request;
  // Which cluster the provider talks to: set before every update, as the workspace of an inline program does not keep it.
  if (Object.keys(runtime.providerConfig).length > 0) {
    await stack.setAllConfig(Object.fromEntries(Object.entries(runtime.providerConfig).map(([key, value]) => [key, { value }])));
  }
  let record = request.record;
  const { coordination } = request.toolchain;
  if (record) await coordination.writeRecord({ ...record, kept: false });
  let kept = false;
  let teardown: Promise<TeardownResult> | undefined;
  const destroy = (logs: EngineLogs = {}) => (teardown ??= teardownStack(stack, request.slug, request.toolchain, runtime, { logs }));

  return {
    slug: request.slug,
    stack,
    async up(signal, logs) {
      // Readiness starts as soon as the engine's summary arrives, beside the export the
      // Automation API's `up` still reads the outputs from.
      const engineDone = Promise.withResolvers<void>();
      const upFailed = new AbortController();
      const onEvent = (event: EngineEvent) => {
        logs.onEvent?.(event);
        if (event.summaryEvent) engineDone.resolve();
      };
      const run = () => stack.up({ ...logs, onEvent, signal, color: 'never' });
      const updated = (async () => {
        try {
          return await run();
        } catch (error) {
          if (!(error instanceof ConcurrentUpdateError) || signal.aborted) throw error;
          // A lock left by a killed driver: the branch lock proves nobody else is updating.
          await stack.cancel();
          return await run();
        }
      })().catch((error: unknown) => {
        upFailed.abort();
        throw error;
      });
      void updated.finally(() => engineDone.resolve()).catch(() => undefined);
      const ready = engineDone.promise.then(() => {
        upFailed.signal.throwIfAborted();
        return runtime.waitUntilHealthy(request.slug, { timeoutMs: readyTimeoutMs, signal: AbortSignal.any([signal, upFailed.signal]) });
      });
      // Both settle before anything is thrown: a failed wait never leaves `up` running.
      const [update, readiness] = await Promise.allSettled([updated, ready]);
      if (update.status === 'rejected') throw update.reason;
      if (readiness.status === 'rejected') throw readiness.reason;
      return { outputs: outputValues(update.value.outputs), raw: update.value.outputs };
    },
    exported: () => exports.latest(),
    destroy,
    async keep() {
      kept = true;
      if (record) await coordination.writeRecord({ ...record, kept: true });
    },
    async record(next) {
      record = next;
      await coordination.writeRecord({ ...next, kept });
    },
    async [Symbol.asyncDispose]() {
      if (!kept) await destroy();
    },
  };
}

export function provisionError(slug: string, cause: unknown): EphemeralError {
  // The cause's own words (a readiness verdict, the engine's error) say what went wrong.
  const reason = cause instanceof Error ? `: ${cause.message.split('\n').filter(Boolean).slice(0, 12).join('\n')}` : '';
  return new EphemeralError(`the environment ${slug} could not be provisioned${reason}`, {
    code: 'E_PROVISION',
    exitCode: ExitCode.provisionFailed,
    remedy: 'read pulumi/up.log and logs/ in the artifacts; `npm run ephemeral -- doctor` checks the prerequisites',
    cause,
  });
}
