// Per-test log slices: for each failing test, the lines every service logged with its
// x-test-id, in artifacts/…/logs/by-test/<test-id>.log, so a failure comes with the api's,
// the web proxy's and the worker's view of exactly its own requests and jobs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export interface ContainerLines {
  container: string;
  lines: string[];
}

/** Lines that carry the id; the id's hash suffix keeps one test's id from matching another's. */
export function linesWithTestId(logText: string, testId: string, lineFilter?: (line: string) => boolean, maxLines = 5_000): string[] {
  const matching = logText.split('\n').filter((line) => line.includes(testId) && (!lineFilter || lineFilter(line)));
  return matching.length > maxLines ? [...matching.slice(0, maxLines), `… ${matching.length - maxLines} more lines`] : matching;
}

export function renderLogSlice(testName: string, testId: string, perContainer: readonly ContainerLines[]): string {
  const header = [`test: ${testName}`, `x-test-id: ${testId}`, ''];
  const sections = perContainer.map(({ container, lines }) =>
    [`== ${container}: ${lines.length === 0 ? 'no line with this id' : `${lines.length} line${lines.length === 1 ? '' : 's'}`}`, ...lines, ''].join('\n'),
  );
  return `${header.join('\n')}\n${sections.join('\n')}`;
}

export function allContainers(services: Record<string, string[]>): string[] {
  return Object.values(services).flat().sort();
}

/** Each container's log since `since` (the suite's start: an environment kept for several runs has older lines with the same ids). */
export async function readContainerLogs(containers: readonly string[], since: Date): Promise<Map<string, string>> {
  const logs = await Promise.all(
    containers.map(async (container) => {
      const args = ['logs', '--timestamps', '--since', since.toISOString(), container];
      const result = await execa('docker', args, { reject: false, all: true, maxBuffer: 500_000_000 });
      return [container, result.exitCode === 0 ? (result.all ?? '') : `(docker logs failed: ${result.stderr.trim()})`] as const;
    }),
  );
  return new Map(logs);
}

export interface FailingTest {
  name: string;
  testId: string;
}

/** Writes one slice per failing test from each workload's log (by workload); returns the files written. */
export function writeLogSlices(logs: ReadonlyMap<string, string>, artifactsDir: string, failing: readonly FailingTest[], lineFilter?: (line: string) => boolean): string[] {
  if (failing.length === 0) return [];
  const dir = join(artifactsDir, 'logs', 'by-test');
  mkdirSync(dir, { recursive: true });
  return failing.map(({ name, testId }) => {
    const perContainer = [...logs].map(([container, text]) => ({ container, lines: linesWithTestId(text, testId, lineFilter) }));
    const file = join(dir, `${testId}.log`);
    writeFileSync(file, renderLogSlice(name, testId, perContainer));
    return file;
  });
}
