// Samples the RSS of process trees through /proc while they run, and keeps the peak: the
// driver's memory as the machine sees it (Node, the Pulumi CLI and its plugins, the suites).
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessTreePeak } from './bench-types.ts';
import { type ProcessEntry, foldPeak, parentOfStatLine, treeMemory } from './process-tree.ts';

const pageBytes = 4096;

async function readEntry(pid: number): Promise<ProcessEntry | undefined> {
  try {
    const [stat, statm] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/statm`, 'utf8')]);
    const ppid = parentOfStatLine(stat);
    const residentPages = Number(statm.split(' ')[1]);
    if (ppid === undefined || !Number.isFinite(residentPages)) return undefined;
    return { pid, ppid, rssBytes: residentPages * pageBytes, command: '' };
  } catch {
    // Gone between the listing and the read.
    return undefined;
  }
}

async function readCommand(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ');
}

/** One snapshot of the process table; commands only for the processes under the roots. */
export async function readProcessTable(roots: number[]): Promise<ProcessEntry[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const table = (await Promise.all(pids.map(readEntry))).filter((entry): entry is ProcessEntry => entry !== undefined);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) children.set(entry.ppid, [...(children.get(entry.ppid) ?? []), entry]);
  const inTree: ProcessEntry[] = [];
  const pending = table.filter((entry) => roots.includes(entry.pid));
  while (pending.length > 0) {
    const entry = pending.pop() as ProcessEntry;
    inTree.push(entry);
    pending.push(...(children.get(entry.pid) ?? []));
  }
  await Promise.all(inTree.map(async (entry) => (entry.command = await readCommand(entry.pid))));
  return inTree;
}

export interface TreeSampler {
  stop(): Promise<ProcessTreePeak | undefined>;
}

export function sampleProcessTrees(roots: () => number[], intervalMs = 250): TreeSampler {
  let peak: ProcessTreePeak | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const pids = roots();
      if (pids.length > 0) peak = foldPeak(peak, treeMemory(pids, await readProcessTable(pids)));
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return peak;
    },
  };
}
