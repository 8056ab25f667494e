// Recovery after a killed driver: its `pulumi` process may still be running an update
// (it outlives a SIGKILL of its parent), and its plugin processes are orphaned. Before
// a stack is torn down, such an update is interrupted and waited for, and orphaned
// plugins of our PULUMI_HOME are ended. Only processes of this machine, by their pid.
// Pulumi starts plugins in process groups of their own, so a `kill -9` of the driver's
// group leaves them running; an orphaned docker plugin still finishes the creates it was
// asked for, so it is killed outright before anything is swept.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPid } from '../lifecycle/process-identity.ts';

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

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

/** Kills plugin processes of our PULUMI_HOME whose engine died: their parent is no `pulumi`. */
export function reapOrphanedPlugins(pulumiHome: string): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const pluginsDir = join(pulumiHome, 'plugins');
  return pids.filter((pid) => {
    if (!commandOf(pid).startsWith(pluginsDir)) return false;
    const parent = parentPid(pid);
    // A live engine is the parent of its plugins; an orphan was adopted by init or a subreaper.
    if (parent !== undefined && basename(commandOf(parent)) === 'pulumi') return false;
    try {
      process.kill(pid, 'SIGKILL');
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A checkpoint whose write was killed half-way: the file backend keeps the metadata of
 * each file beside it (`.attrs`); an empty or cut one makes every later command on the
 * stack fail to read it. The metadata is optional, so a broken one is removed.
 */
export function repairCheckpointMetadata(stateDir: string, projectName: string, stackName: string): string[] {
  const dir = join(stateDir, '.pulumi', 'stacks', projectName);
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.startsWith(`${stackName}.json`) && file.endsWith('.attrs'));
  } catch {
    return [];
  }
  return files.filter((file) => {
    try {
      JSON.parse(readFileSync(join(dir, file), 'utf8'));
      return false;
    } catch {
      rmSync(join(dir, file), { force: true });
      return true;
    }
  });
}
