// The rollout's plan, from the engine events of the update: which resources were
// replaced, updated, created and deleted. Pure: events in, plain data out.
import type { EngineEvent } from '@pulumi/pulumi/automation/index.js';

export interface RolloutPlan {
  replaced: string[];
  updated: string[];
  created: string[];
  deleted: string[];
  /** Resources the update left as they were. */
  unchanged: number;
}

type PlanBucket = Exclude<keyof RolloutPlan, 'unchanged'>;

// A replacement shows as `replace`, then `create-replacement` and `delete-replaced` (or the
// other way round with delete-before-replace): all three count once, as replaced.
const bucketOfOperation: Record<string, PlanBucket | 'unchanged'> = {
  replace: 'replaced',
  'create-replacement': 'replaced',
  'delete-replaced': 'replaced',
  'discard-replaced': 'replaced',
  update: 'updated',
  create: 'created',
  delete: 'deleted',
  same: 'unchanged',
};

/** `urn:pulumi:stack::project::docker:index/container:Container::web` → `web (docker:index/container:Container)`. */
export function resourceLabel(urn: string, type: string): string {
  const name = urn.split('::').at(-1) ?? urn;
  return `${name} (${type})`;
}

export function rolloutPlanOf(events: Iterable<EngineEvent>): RolloutPlan {
  const buckets = new Map<string, PlanBucket | 'unchanged'>();
  for (const event of events) {
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata || metadata.type === 'pulumi:pulumi:Stack') continue;
    const bucket = bucketOfOperation[metadata.op];
    if (!bucket) continue;
    const label = resourceLabel(metadata.urn, metadata.type);
    // A resource replaced once stays replaced, whatever step of it comes after.
    if (buckets.get(label) !== 'replaced') buckets.set(label, bucket);
  }
  const plan: RolloutPlan = { replaced: [], updated: [], created: [], deleted: [], unchanged: 0 };
  for (const [label, bucket] of buckets) {
    if (bucket === 'unchanged') plan.unchanged += 1;
    else plan[bucket].push(label);
  }
  for (const bucket of ['replaced', 'updated', 'created', 'deleted'] as const) plan[bucket].sort();
  return plan;
}

/**
 * What the engine said went wrong, first lines first: the error diagnostics of the update
 * (a resource's failure, an exception of the program such as a one-shot job's exit),
 * without the log lines of services (JSON) that the messages carry along.
 */
export function engineErrorLines(events: Iterable<EngineEvent>, limit = 4): string[] {
  const lines: string[] = [];
  for (const event of events) {
    const diagnostic = event.diagnosticEvent;
    if (!diagnostic || diagnostic.severity !== 'error') continue;
    for (const line of diagnostic.message.split('\n').map((text) => text.trim())) {
      if (line === '' || line.startsWith('{') || lines.includes(line)) continue;
      lines.push(line);
    }
  }
  return lines.slice(0, limit);
}
