// After `up`, a preview must show no changes: a change means the program and what runs
// disagree (a spurious diff, or drift). Changes are reported by resource name.
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation/index.js';
import type { EngineLogs } from './provision.ts';

export interface DriftReport {
  changes: Array<{ resource: string; operation: string }>;
}

/** The resource name from a URN: the part after the last `::`. */
export function resourceNameOf(urn: string): string {
  return urn.split('::').pop() ?? urn;
}

export async function checkDrift(stack: Stack, logs: EngineLogs, signal: AbortSignal): Promise<DriftReport> {
  const changes: DriftReport['changes'] = [];
  const onEvent = (event: EngineEvent) => {
    logs.onEvent?.(event);
    const metadata = event.resourcePreEvent?.metadata;
    if (metadata && metadata.op !== 'same' && metadata.type !== 'pulumi:pulumi:Stack') {
      changes.push({ resource: resourceNameOf(metadata.urn), operation: metadata.op });
    }
  };
  await stack.preview({ onOutput: logs.onOutput, onEvent, signal, color: 'never' });
  return { changes };
}
