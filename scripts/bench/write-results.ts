// Writes the three result files: results.json (everything measured), results.md (the
// table and the analysis) and results.svg (the chart).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './bench-types.ts';
import { renderResultsChart } from './results-chart.ts';
import { renderResultsMarkdown } from './results-table.ts';

export interface ResultFiles {
  json: string;
  markdown: string;
  chart: string;
}

export function writeResults(results: BenchResults, outputDir: string): ResultFiles {
  mkdirSync(outputDir, { recursive: true });
  const files = { json: join(outputDir, 'results.json'), markdown: join(outputDir, 'results.md'), chart: join(outputDir, 'results.svg') };
  writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(files.markdown, renderResultsMarkdown(results));
  writeFileSync(files.chart, renderResultsChart(results));
  return files;
}
