// Who a lock holder is, so that a dead holder is recognised at once: its pid, and the
// time the kernel started that pid (a pid reused by another process has another start
// time). Only processes of this host can be checked; a holder on another host is judged
// by the age of its lock instead.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot; absent where /proc is not readable. */
  startTime?: string;
}

function statFields(pid: number): string[] | undefined {
  try {
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The start time of a running process, or undefined when there is none (or a zombie). */
export function processStartTime(pid: number): string | undefined {
  const fields = statFields(pid);
  // fields[0] is field 3 (state), so field 22 is fields[19].
  return fields && fields[0] !== 'Z' ? fields[19] : undefined;
}

/** The parent pid of a running process. */
export function parentPid(pid: number): number | undefined {
  const parent = Number(statFields(pid)?.[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

export function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), startTime: processStartTime(process.pid) };
}

function signalReaches(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process a holder recorded still runs: on another host, unknown
 * (undefined); here, its pid runs, is not a zombie, and started when recorded.
 */
export function isProcessAlive(identity: ProcessIdentity): boolean | undefined {
  if (identity.host !== hostname()) return undefined;
  if (!signalReaches(identity.pid)) return false;
  const started = processStartTime(identity.pid);
  if (started === undefined) return statFields(identity.pid) === undefined ? signalReaches(identity.pid) : false;
  return identity.startTime === undefined || identity.startTime === started;
}
