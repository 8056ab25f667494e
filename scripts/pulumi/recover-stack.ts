// Recovery after a killed driver: its `pulumi` process may still be running an update
// (it outlives a SIGKILL of its parent), and its plugin processes are orphaned. Before
// a stack is torn down, such an update is interrupted and waited for, and orphaned
// plugins of our PULUMI_HOME are ended. Only processes of this machine, by their pid.
import { readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Running, and not a zombie waiting for a parent that will never reap it. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

async function stopProcess(pid: number, timeoutMs: number): Promise<void> {
  // SIGINT first: the CLI finishes the steps in flight and writes its checkpoint.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    if (!alive(pid)) return;
    process.kill(pid, signal);
    const deadline = Date.now() + timeoutMs;
    while (alive(pid) && Date.now() < deadline) await sleep(200);
  }
}

/** The pids in the file backend's lock files for a stack, from this host. */
export function pulumiLockHolders(stateDir: string, projectName: string, stackName: string): number[] {
  const dir = join(stateDir, '.pulumi', 'locks', 'organization', projectName, stackName);
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    try {
      const lock = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { pid?: number; hostname?: string };
      return lock.pid && lock.hostname === hostname() ? [lock.pid] : [];
    } catch {
      return [];
    }
  });
}

/** Interrupts an update that a dead driver left running, and waits until it ends. */
export async function stopOrphanedUpdate(stateDir: string, projectName: string, stackName: string): Promise<number[]> {
  const holders = pulumiLockHolders(stateDir, projectName, stackName).filter(alive);
  for (const pid of holders) await stopProcess(pid, 15_000);
  return holders;
}

/** Ends plugin processes of our PULUMI_HOME whose engine died (their parent is init). */
export function reapOrphanedPlugins(pulumiHome: string): number[] {
  const reaped: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return reaped;
  }
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (!command.startsWith(join(pulumiHome, 'plugins'))) continue;
      const parent = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      if (parent !== 1) continue;
      process.kill(Number(pid), 'SIGTERM');
      reaped.push(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return reaped;
}
