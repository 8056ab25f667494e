// Writes report.html into the run's artifact folder, before the redaction pass (which
// rewrites it like every text artifact).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { readReportEvidence } from './report-evidence.ts';
import { renderReportHtml } from './render-report.ts';

export const reportFileName = 'report.html';

export function reportPath(artifactsDir: string): string {
  return join(artifactsDir, reportFileName);
}

export function writeRunReport(summary: RunSummary): string {
  const file = reportPath(summary.artifactsDir);
  writeFileSync(file, renderReportHtml(summary, readReportEvidence(summary)));
  return file;
}
