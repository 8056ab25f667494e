// Samples the RSS of process trees through /proc while they run, and keeps the peak: the
// driver's memory as the machine sees it (Node, the Pulumi CLI and its plugins, the suites).
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessTreePeak } from './bench-types.ts';
import { type ProcessEntry, childrenByParent, foldPeak, parseStatLine, treeMemory } from './process-tree.ts';

const pageBytes = 4096;

// One synchronous read per process: with four runs on the host the table holds hundreds
// of processes four times a second, and a promise and a thread-pool hop per file cost
// more CPU than the reads themselves, taken from the runs being measured.
function readProcFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    // Gone between the listing and the read.
    return undefined;
  }
}

function readEntry(pid: number): ProcessEntry | undefined {
  const stat = readProcFile(pid, 'stat');
  const fields = stat === undefined ? undefined : parseStatLine(stat);
  return fields && { pid, ppid: fields.ppid, rssBytes: fields.residentPages * pageBytes, command: '' };
}

/** One snapshot of the process table; commands only for the processes under the roots. */
export function readProcessTable(roots: number[]): ProcessEntry[] {
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const table = pids.map(readEntry).filter((entry): entry is ProcessEntry => entry !== undefined);
  const children = childrenByParent(table);
  const inTree: ProcessEntry[] = [];
  const pending = table.filter((entry) => roots.includes(entry.pid));
  while (pending.length > 0) {
    const entry = pending.pop() as ProcessEntry;
    inTree.push(entry);
    pending.push(...(children.get(entry.pid) ?? []));
  }
  for (const entry of inTree) entry.command = (readProcFile(entry.pid, 'cmdline') ?? '').split('\0').filter(Boolean).join(' ');
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
      if (pids.length > 0) peak = foldPeak(peak, treeMemory(pids, readProcessTable(pids)));
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
