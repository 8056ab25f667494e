// Each service's log and inspect data, found by the stack label (so a partial `up`
// that never produced outputs is still covered), written under logs/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { labelKeys } from '../naming/labels.ts';

export interface ServiceLogSummary {
  container: string;
  lines: number;
  errorLines: number;
  serverErrors: number;
  exitCode: number | undefined;
  health: string | undefined;
  restarts: number;
  oomKilled: boolean;
}

interface InspectState {
  Name: string;
  RestartCount: number;
  State: { ExitCode: number; Status: string; OOMKilled: boolean; Health?: { Status: string } };
}

export async function stackContainers(slug: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['ps', '--all', '--filter', `label=${labelKeys.stack}=${slug}`, '--format', '{{.Names}}']);
  return stdout.split('\n').filter(Boolean).sort();
}

/** Counts JSON log lines at error level (pino: level >= 50) and 5xx responses. */
export function countLogProblems(text: string): { lines: number; errorLines: number; serverErrors: number } {
  let lines = 0;
  let errorLines = 0;
  let serverErrors = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    lines += 1;
    const json = line.slice(line.indexOf('{'));
    try {
      const record = JSON.parse(json) as { level?: number | string; statusCode?: number; res?: { statusCode?: number } };
      const level = record.level;
      if ((typeof level === 'number' && level >= 50) || level === 'error' || level === 'fatal') errorLines += 1;
      const status = record.res?.statusCode ?? record.statusCode;
      if (typeof status === 'number' && status >= 500) serverErrors += 1;
    } catch {
      if (/\b(ERROR|FATAL|PANIC)\b/.test(line)) errorLines += 1;
    }
  }
  return { lines, errorLines, serverErrors };
}

export async function collectServiceLogs(slug: string, logsDir: string): Promise<ServiceLogSummary[]> {
  const containers = await stackContainers(slug);
  if (containers.length === 0) return [];
  const inspected = await execa('docker', ['container', 'inspect', ...containers], { reject: false });
  // One inspect for all; a container removed meanwhile is simply missing from it.
  const states = new Map<string, InspectState>();
  for (const state of inspected.stdout ? (JSON.parse(inspected.stdout) as InspectState[]) : []) states.set(state.Name.replace(/^\//, ''), state);
  return Promise.all(
    containers.map(async (container): Promise<ServiceLogSummary> => {
      const logs = await execa('docker', ['logs', '--timestamps', container], { reject: false, all: true, maxBuffer: 200_000_000 });
      writeFileSync(join(logsDir, `${container}.log`), logs.all ?? '');
      const state = states.get(container);
      // As `docker container inspect <name>` prints it: a list of one.
      writeFileSync(join(logsDir, `${container}.inspect.json`), JSON.stringify(state ? [state] : [], null, 4));
      return {
        container,
        ...countLogProblems(logs.all ?? ''),
        exitCode: state?.State.Status === 'exited' ? state.State.ExitCode : undefined,
        health: state?.State.Health?.Status,
        restarts: state?.RestartCount ?? 0,
        oomKilled: state?.State.OOMKilled ?? false,
      };
    }),
  );
}
