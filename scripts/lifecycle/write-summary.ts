// Writes summary.json and summary.md, and appends the markdown to the CI's step summary.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { ArtifactLayout } from '../artifacts/artifact-layout.ts';
import { type RunSummary, renderSummaryMarkdown } from '../artifacts/run-summary.ts';

export function writeSummary(summary: RunSummary, layout: ArtifactLayout, stepSummaryFile: string | undefined): void {
  const markdown = renderSummaryMarkdown(summary);
  writeFileSync(layout.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(layout.summaryMarkdown, markdown);
  if (stepSummaryFile) appendFileSync(stepSummaryFile, markdown);
}
