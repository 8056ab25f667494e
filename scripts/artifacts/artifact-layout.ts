// Where each artifact of a run goes: artifacts/<slug>/<run-id>/ as DESIGN fixes it.
import { join } from 'node:path';

export interface ArtifactLayout {
  root: string;
  summaryJson: string;
  summaryMarkdown: string;
  outputsJson: string;
  pulumiDir: string;
  upLog: string;
  destroyLog: string;
  eventsLog: string;
  stackExport: string;
  previewLog: string;
  logsDir: string;
  metricsDir: string;
}

export function artifactLayout(artifactsRoot: string, slug: string, runId: string): ArtifactLayout {
  const root = join(artifactsRoot, slug, runId);
  const pulumiDir = join(root, 'pulumi');
  return {
    root,
    summaryJson: join(root, 'summary.json'),
    summaryMarkdown: join(root, 'summary.md'),
    outputsJson: join(root, 'outputs.json'),
    pulumiDir,
    upLog: join(pulumiDir, 'up.log'),
    destroyLog: join(pulumiDir, 'destroy.log'),
    eventsLog: join(pulumiDir, 'events.jsonl'),
    stackExport: join(pulumiDir, 'stack-export.json'),
    previewLog: join(pulumiDir, 'preview.log'),
    logsDir: join(root, 'logs'),
    metricsDir: join(root, 'metrics'),
  };
}
