// What the report shows beyond the summary, read from the run's artifact folder: the
// resource samples over the run and each failing test's log slice. The only module of the
// report that reads files; the page itself is rendered from plain data.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../artifacts/run-summary.ts';

export interface ResourceSample {
  at: string;
  container: string;
  cpuPercent: number;
  memoryBytes: number;
}

export interface ReportEvidence {
  samples: ResourceSample[];
  /** Each failing test's log slice by its path (relative to the artifact folder), cut to a size a page shows. */
  logSlices: Record<string, string>;
}

/** Beyond this, the slice shows its start and says where the rest is. */
export const sliceLineLimit = 400;

export function parseResourceSamples(text: string): ResourceSample[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const sample = JSON.parse(line) as Partial<ResourceSample>;
      if (typeof sample.at !== 'string' || typeof sample.container !== 'string') return [];
      return [{ at: sample.at, container: sample.container, cpuPercent: Number(sample.cpuPercent) || 0, memoryBytes: Number(sample.memoryBytes) || 0 }];
    } catch {
      return [];
    }
  });
}

export function cutSlice(text: string, limit = sliceLineLimit): string {
  const lines = text.split('\n');
  return lines.length <= limit ? text : [...lines.slice(0, limit), `… ${lines.length - limit} more lines in the file`].join('\n');
}

export function readReportEvidence(summary: RunSummary): ReportEvidence {
  const root = summary.artifactsDir;
  const samplesFile = join(root, 'metrics', 'resources.jsonl');
  const samples = existsSync(samplesFile) ? parseResourceSamples(readFileSync(samplesFile, 'utf8')) : [];
  const logSlices: Record<string, string> = {};
  for (const test of summary.suites.flatMap((suite) => suite.failingTests ?? [])) {
    if (!test.logSlice) continue;
    const file = join(root, test.logSlice);
    if (existsSync(file)) logSlices[test.logSlice] = cutSlice(readFileSync(file, 'utf8'));
  }
  return { samples, logSlices };
}
