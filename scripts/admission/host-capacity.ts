// How many runs this host holds at once, from its cores and memory: beyond that a run
// queues instead of overloading the host (four runs on two cores sharing the CPU evenly
// all lost their latency thresholds and took 3.1x one run alone). Pure.

const gib = 1024 ** 3;

/**
 * What one run takes while it runs: 1.4 cores on average over its cycle (87 core-seconds
 * in 62.5 s on a 2-core machine, containers and engine included, measured), its driver
 * and suites at most 1.5 GiB, and its environment's containers
 * about 0.5 GiB. Two runs per core: later runs yield the CPU to earlier ones
 * (run-priority.ts), so more runs admitted cannot slow the first ones, and their idle
 * stretches (waits, the paced load) are filled by the later ones' work.
 */
export const runFootprint = { cores: 0.5, memoryBytes: 2 * gib } as const;

export interface HostFacts {
  cores: number;
  memoryBytes: number;
}

/** The computed limit, or the --max-parallel override; at least one. */
export function hostRunLimit(host: HostFacts, override?: number): number {
  if (override !== undefined) return Math.max(1, Math.floor(override));
  // A fifth of the memory stays for the engine, the page cache and everything else.
  const byMemory = Math.floor((host.memoryBytes * 0.8) / runFootprint.memoryBytes);
  const byCores = Math.floor(host.cores / runFootprint.cores);
  return Math.max(1, Math.min(byCores, byMemory));
}

/**
 * Stacks that start at once: one per two cores. Starting a stack takes the cores it finds
 * (containers created, databases initialised, every service booting: 1.8 cores over its
 * 10 s alone, and the containers run outside the runs' CPU priority); four started together
 * on two cores each took 50 s, so none got to its suites before the others.
 */
export function hostStartLimit(cores: number): number {
  return Math.max(1, Math.floor(cores / 2));
}

export interface QueueTicket {
  runId: string;
  branch: string;
  /** ISO-8601 time the run started waiting (for a start or measurement slot: for admission): earliest first. */
  since: string;
}

/** 1-based place of a run among the waiting ones (earliest first, run id breaks ties). */
export function queuePosition(tickets: QueueTicket[], runId: string): number {
  const order = [...tickets].sort((a, b) => a.since.localeCompare(b.since) || a.runId.localeCompare(b.runId));
  return order.findIndex((ticket) => ticket.runId === runId) + 1;
}

/** Whether a waiting run may take a free slot now: only as many of the first in line as there are free slots. */
export function mayTakeSlot(tickets: QueueTicket[], runId: string, freeSlots: number): boolean {
  const position = queuePosition(tickets, runId);
  return position > 0 && position <= freeSlots;
}
