// Starts the cluster's processes detached (they outlive the CLI, like the Docker
// engine), records each pid in <cluster>/pids/<name>.pid, and stops them only by those
// pids, after checking that the pid still runs the recorded command.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterPaths } from './cluster-paths.ts';
import type { ClusterProcess, ClusterProcessName } from './process-plan.ts';

function pidFile(paths: ClusterPaths, name: ClusterProcessName): string {
  return join(paths.pids, `${name}.pid`);
}

export function logFile(paths: ClusterPaths, name: ClusterProcessName): string {
  return join(paths.logs, `${name}.log`);
}

export function startProcess(paths: ClusterPaths, process: ClusterProcess): number {
  mkdirSync(paths.pids, { recursive: true });
  mkdirSync(paths.logs, { recursive: true });
  const log = openSync(logFile(paths, process.name), 'a');
  const child = spawn(process.command, process.args, { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  if (child.pid === undefined) throw new Error(`${process.name} did not start (${process.command})`);
  writeFileSync(pidFile(paths, process.name), `${child.pid}\n${process.command}\n`);
  return child.pid;
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return undefined;
  }
}

/** The recorded pid when it still runs the recorded command (a reused pid is not ours). */
export function runningPid(paths: ClusterPaths, name: ClusterProcessName): number | undefined {
  const file = pidFile(paths, name);
  if (!existsSync(file)) return undefined;
  const [pidText, command] = readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidText);
  const commandLine = commandLineOf(pid);
  // A zombie (exited, not yet reaped) has an empty command line: not running.
  return commandLine && command && commandLine.startsWith(command) ? pid : undefined;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(paths: ClusterPaths, name: ClusterProcessName, graceMs: number): Promise<void> {
  const pid = runningPid(paths, name);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (runningPid(paths, name) !== undefined && Date.now() < deadline) await sleep(50);
    if (runningPid(paths, name) !== undefined) {
      process.kill(pid, 'SIGKILL');
      while (runningPid(paths, name) !== undefined) await sleep(50);
    }
  }
  rmSync(pidFile(paths, name), { force: true });
}
