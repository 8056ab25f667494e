// What a baseline implements: build the planned stack until every container is ready,
// and remove it. The cycle around it (ready from the host, seed, suites, collect, the
// label check) is the same for every baseline: baseline-cycle.ts.
import type { TimelineEntry } from '../bench-types.ts';
import type { StackPlan } from './stack-plan.ts';

export interface BaselineContext {
  /** The secret variables the CLI hands to containers by name (never on argv or in a file). */
  secretEnv: Record<string, string>;
  signal: AbortSignal;
  /** Appends the tool's own output (docker, docker-compose) for the artifacts. */
  logFile: string;
  /** Records when a resource was asked for and when it was ready, in performance.now() time. */
  record(name: string, kind: TimelineEntry['kind'], field: 'requested' | 'done'): void;
}

export interface BaselineStack {
  variant: 'docker-cli' | 'compose';
  provision(plan: StackPlan, context: BaselineContext): Promise<void>;
  teardown(plan: StackPlan, context: BaselineContext): Promise<void>;
}
