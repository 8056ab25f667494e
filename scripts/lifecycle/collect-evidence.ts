// Evidence before teardown, for `run` and `test` alike: each workload's log (and the
// target's own records: inspect data, or events and objects), the metrics of the workloads
// that serve them, the resource peaks, the stack export and the outputs (secrets
// redacted). Secrets found in the export join the set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deployment } from '@pulumi/pulumi/automation/index.js';
import type { ArtifactLayout } from '../artifacts/artifact-layout.ts';
import type { ServiceLogSummary } from '../artifacts/collect-service-logs.ts';
import { secretsInStackExport } from '../artifacts/redact.ts';
import type { ResourcePeak, ResourceSampler } from '../artifacts/resource-sampler.ts';
import { type EnvironmentOutputs, redactOutputs } from '../targets/environment-outputs.ts';
import type { TargetRuntime } from '../targets/target-runtime.ts';

export interface EvidenceRequest {
  slug: string;
  runtime: TargetRuntime;
  layout: ArtifactLayout;
  outputs: EnvironmentOutputs | undefined;
  secretOutputNames: readonly string[];
  sampler: ResourceSampler | undefined;
  stackExport: Promise<Deployment | undefined>;
  secrets: Set<string>;
}

export async function collectEvidence(request: EvidenceRequest): Promise<{ resources: ResourcePeak[]; services: ServiceLogSummary[] }> {
  const { layout } = request;
  const [resources, services, exported] = await Promise.all([
    request.sampler?.stop() ?? [],
    request.runtime.collectLogs(request.slug, layout.logsDir),
    request.stackExport,
    request.runtime.collectMetrics(request.slug, layout.metricsDir),
  ]);
  writeFileSync(join(layout.metricsDir, 'resource-peaks.json'), JSON.stringify(resources, null, 2));
  if (exported) {
    for (const secret of secretsInStackExport(exported.deployment)) request.secrets.add(secret);
    writeFileSync(layout.stackExport, JSON.stringify(exported, null, 2));
  }
  writeFileSync(layout.outputsJson, JSON.stringify(request.outputs ? redactOutputs(request.outputs, request.secretOutputNames) : {}, null, 2));
  return { resources, services };
}
