// Each service's log and inspect data, found by the stack label (so a partial `up`
// that never produced outputs is still covered), written under logs/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerName, demultiplex, engineJson, engineRequest, listContainers } from '../docker/engine-api.ts';
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
  Config?: { Tty?: boolean };
  State: { ExitCode: number; Status: string; OOMKilled: boolean; Health?: { Status: string } };
}

/** The names of the stack's containers, running or not, sorted. */
export async function stackContainers(slug: string): Promise<string[]> {
  return (await listContainers([`${labelKeys.stack}=${slug}`])).map(containerName).sort();
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

/** A container's log as `docker logs --timestamps` prints it (stdout and stderr in order), through the engine's API. */
async function containerLog(container: string, tty: boolean): Promise<string> {
  const answer = await engineRequest('GET', `/containers/${encodeURIComponent(container)}/logs?stdout=1&stderr=1&timestamps=1`);
  if (answer.status >= 400) return '';
  // Without a terminal the engine frames each write with its stream; with one it sends the bytes as they are.
  return tty ? answer.body.toString('utf8') : demultiplex(answer.body);
}

export async function collectServiceLogs(slug: string, logsDir: string): Promise<ServiceLogSummary[]> {
  const containers = await stackContainers(slug);
  return Promise.all(
    containers.map(async (container): Promise<ServiceLogSummary> => {
      // A container removed meanwhile has no state and an empty log.
      const state = await engineJson<InspectState>('GET', `/containers/${encodeURIComponent(container)}/json`).catch(() => undefined);
      const log = await containerLog(container, state?.Config?.Tty ?? false).catch(() => '');
      writeFileSync(join(logsDir, `${container}.log`), log);
      // As `docker container inspect <name>` prints it: a list of one.
      writeFileSync(join(logsDir, `${container}.inspect.json`), JSON.stringify(state ? [state] : [], null, 4));
      return {
        container,
        ...countLogProblems(log),
        exitCode: state?.State.Status === 'exited' ? state.State.ExitCode : undefined,
        health: state?.State.Health?.Status,
        restarts: state?.RestartCount ?? 0,
        oomKilled: state?.State.OOMKilled ?? false,
      };
    }),
  );
}
