// The memory of a process tree from one snapshot of the process table: every descendant
// of the roots, each put in a group (the driver itself, the Pulumi CLI and its plugins,
// the suites, docker CLI calls), and the RSS summed per group. Pure.
import type { ProcessTreePeak } from './bench-types.ts';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  rssBytes: number;
  /** argv joined with spaces. */
  command: string;
}

export type ProcessGroup = 'driver' | 'pulumi' | 'suites' | 'docker' | 'other';

/** A direct child of a root is grouped by its command; its own descendants inherit the group. */
export function groupOfCommand(command: string): ProcessGroup {
  const [program = ''] = command.split(' ');
  if (/(^|\/)pulumi(-[\w-]+)?$/.test(program)) return 'pulumi';
  if (/vitest|playwright|run-load\.ts|chrom/.test(command)) return 'suites';
  if (/(^|\/)docker(-compose)?$/.test(program)) return 'docker';
  return 'other';
}

export interface TreeMemory {
  totalBytes: number;
  byGroup: Record<ProcessGroup, number>;
  processes: number;
}

/** Each process's children, by its pid. */
export function childrenByParent(table: ProcessEntry[]): Map<number, ProcessEntry[]> {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of table) {
    const siblings = children.get(entry.ppid);
    if (siblings) siblings.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  return children;
}

export function treeMemory(roots: number[], table: ProcessEntry[]): TreeMemory {
  const children = childrenByParent(table);
  const byPid = new Map(table.map((entry) => [entry.pid, entry]));
  const byGroup: Record<ProcessGroup, number> = { driver: 0, pulumi: 0, suites: 0, docker: 0, other: 0 };
  let processes = 0;
  const visit = (entry: ProcessEntry, group: ProcessGroup) => {
    byGroup[group] += entry.rssBytes;
    processes += 1;
    for (const child of children.get(entry.pid) ?? []) visit(child, group === 'driver' ? groupOfCommand(child.command) : group);
  };
  for (const root of roots) {
    const entry = byPid.get(root);
    if (entry) visit(entry, 'driver');
  }
  const totalBytes = Object.values(byGroup).reduce((sum, bytes) => sum + bytes, 0);
  return { totalBytes, byGroup, processes };
}

/** Keeps the sample with the highest total, with its split by group. */
export function foldPeak(peak: ProcessTreePeak | undefined, sample: TreeMemory): ProcessTreePeak {
  const samples = (peak?.samples ?? 0) + 1;
  if (peak && peak.totalBytes >= sample.totalBytes) return { ...peak, samples };
  return { totalBytes: sample.totalBytes, byGroup: { ...sample.byGroup }, samples };
}

/**
 * The parent pid and resident pages from the `stat` line of /proc/<pid> (fields 4 and 24);
 * the command name in parentheses may hold spaces and parentheses.
 */
export function parseStatLine(stat: string): { ppid: number; residentPages: number } | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const residentPages = Number(fields[21]);
  return Number.isInteger(ppid) && Number.isInteger(residentPages) ? { ppid, residentPages } : undefined;
}
