// A run's summary from its artifact folder: the one named with --run, or the branch's
// latest under artifacts/<slug>/ (by the time it started).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunSummary } from '../artifacts/run-summary.ts';
import { usageError } from '../errors.ts';

export function readRunSummary(runDir: string): RunSummary {
  const file = join(resolve(runDir), 'summary.json');
  if (!existsSync(file)) throw usageError(`no summary.json in ${runDir}`, 'give --run the folder of one run: artifacts/<slug>/<run-id>/');
  return JSON.parse(readFileSync(file, 'utf8')) as RunSummary;
}

/** The folder of the slug's latest run, or undefined when it has none. */
export function latestRunDir(artifactsRoot: string, slug: string): string | undefined {
  const dir = join(artifactsRoot, slug);
  if (!existsSync(dir)) return undefined;
  const runs = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'summary.json')))
    .map((entry) => {
      const runDir = join(dir, entry.name);
      const { startedAt } = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { startedAt?: string };
      return { runDir, startedAt: startedAt ?? '' };
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return runs.at(-1)?.runDir;
}
