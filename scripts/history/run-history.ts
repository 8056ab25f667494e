// The per-project history of runs: each run's outcome and phase timings, appended once at
// its end. A small interface, so a shared store (PostgreSQL in team mode) can stand in for
// the file one: one JSONL file per project under the cache root.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunSummary } from '../artifacts/run-summary.ts';

const historyEntrySchema = z.object({
  project: z.string(),
  runId: z.string(),
  branch: z.string(),
  slug: z.string(),
  outcome: z.string(),
  exitCode: z.number(),
  startedAt: z.string(),
  seconds: z.number(),
  /** Seconds per phase name (phases of one name, as `suite api` across stages, summed). */
  phases: z.record(z.string(), z.number()),
  /** The phases that failed, by name. */
  failedPhases: z.array(z.string()),
  artifactsDir: z.string(),
});

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export interface RunHistory {
  append(entry: HistoryEntry): Promise<void>;
  /** The project's runs, oldest first; only the branch's with `branch`. */
  read(project: string, options?: { branch?: string }): Promise<HistoryEntry[]>;
}

export function historyEntryOf(summary: RunSummary): HistoryEntry {
  const phases: Record<string, number> = {};
  for (const phase of summary.phases) phases[phase.name] = (phases[phase.name] ?? 0) + phase.seconds;
  return {
    project: summary.project ?? 'unnamed',
    runId: summary.runId,
    branch: summary.branch,
    slug: summary.slug,
    outcome: summary.outcome,
    exitCode: summary.exitCode,
    startedAt: summary.startedAt,
    seconds: summary.seconds,
    phases,
    failedPhases: [...new Set(summary.phases.filter((phase) => !phase.ok).map((phase) => phase.name))],
    artifactsDir: summary.artifactsDir,
  };
}

/** A file name for the project: its name as far as it is safe in one. */
export function historyFileName(project: string): string {
  const safe = project.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe || 'unnamed'}.jsonl`;
}

/** Lines that do not parse (a torn write, an older format) are skipped, not fatal. */
export function parseHistoryLines(text: string): HistoryEntry[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const parsed = historyEntrySchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** The cache root's folder of histories. */
export function historyDir(cacheRoot: string): string {
  return join(cacheRoot, 'history');
}

/** History as JSONL files in `dir` (the cache root's history/), one per project. */
export function fileRunHistory(dir: string): RunHistory {
  return {
    async append(entry) {
      mkdirSync(dir, { recursive: true });
      // One line per append, well under PIPE_BUF: concurrent runs do not interleave lines.
      appendFileSync(join(dir, historyFileName(entry.project)), `${JSON.stringify(entry)}\n`);
    },
    async read(project, options = {}) {
      const file = join(dir, historyFileName(project));
      const entries = existsSync(file) ? parseHistoryLines(readFileSync(file, 'utf8')) : [];
      return entries.filter((entry) => entry.project === project && (options.branch === undefined || entry.branch === options.branch));
    },
  };
}
