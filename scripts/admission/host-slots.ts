// Host-wide slots: a run holds one from up to teardown, a stack that starts (up and
// ready) holds a start slot, and a latency measurement holds the one measurement slot.
// A run that measures asks little of the host (a paced load), so its run slot does not
// count meanwhile: one more run may start, at the lowest CPU priority (run-priority.ts),
// so it cannot skew the measurement. A run that finds no free slot waits first come,
// first served (in the start and measurement pools: first admitted), with a line that says its place and what it waits for. Slots are locks
// that know their holder (owned-lock.ts): a killed driver's slot is free at once.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockState, tryTakeLock } from '../lifecycle/owned-lock.ts';
import { type ProcessIdentity, currentProcessIdentity, isProcessAlive } from '../lifecycle/process-identity.ts';
import { type QueueTicket, mayTakeSlot, queuePosition } from './host-capacity.ts';

export type SlotPool = 'runs' | 'provision' | 'measure';

export interface SlotHolder {
  runId: string;
  branch: string;
}

export interface HostSlot extends AsyncDisposable {
  /** Runs that held a slot of the pool when this one was taken: they came first. */
  ahead: number;
  /** The run's place in line: when it asked for this slot, or the `since` it was given. */
  since: string;
  release(): Promise<void>;
}

export interface SlotRequest {
  /** The tool's internal locks folder; pools live below it. */
  internalLocks: string;
  pool: SlotPool;
  limit: number;
  owner: { runId: string; branch: string };
  /**
   * The run's place in line when not now: a run gives its admission's, so the start and
   * measurement slots serve runs in the order the host admitted them, the order their CPU
   * priority follows (a later run that got through its preflight first does not jump it).
   */
  since?: string | undefined;
  signal: AbortSignal;
  progress: (line: string) => void;
}

function poolDir(internalLocks: string, pool: SlotPool): string {
  return join(internalLocks, 'host-slots', pool);
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Runs waiting for a slot of the pool, whose drivers are alive; dead ones' tickets are dropped. */
type Ticket = QueueTicket & ProcessIdentity;

/** Where the tickets of the runs waiting for a slot of the pool lie. */
function ticketsDir(internalLocks: string, pool: SlotPool): string {
  return join(poolDir(internalLocks, pool), 'waiting');
}

export function waitingRuns(internalLocks: string, pool: SlotPool): Ticket[] {
  const dir = ticketsDir(internalLocks, pool);
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const ticket = readJson<Ticket>(join(dir, file));
    if (ticket && isProcessAlive(ticket) !== false) return [ticket];
    rmSync(join(dir, file), { force: true });
    return [];
  });
}

/** Who holds which slot of the pool now. */
export function slotHolders(internalLocks: string, pool: SlotPool, limit: number): Array<SlotHolder | undefined> {
  const dir = poolDir(internalLocks, pool);
  return Array.from({ length: limit }, (_, index) => {
    const state = lockState<SlotHolder>(join(dir, `slot-${index}`));
    return state.held && state.alive ? (state.holder ?? { runId: '?', branch: '?' }) : undefined;
  });
}

function describeHolders(holders: Array<SlotHolder | undefined>, limit: number, measuring: SlotHolder | undefined): string {
  const taken = holders.filter((holder): holder is SlotHolder => holder !== undefined);
  if (taken.length === 0) return `${limit} of ${limit} free`;
  const counted = taken.filter((holder) => holder.runId !== measuring?.runId).length;
  const named = taken.map((holder) => `run ${holder.runId} (${holder.branch}${holder.runId === measuring?.runId ? ', measuring latency' : ''})`);
  return `${counted} of ${limit} taken: ${named.join(', ')}`;
}

export async function acquireHostSlot(request: SlotRequest): Promise<HostSlot> {
  const dir = poolDir(request.internalLocks, request.pool);
  const waitingDir = ticketsDir(request.internalLocks, request.pool);
  mkdirSync(waitingDir, { recursive: true });
  const ticketFile = join(waitingDir, `${request.owner.runId}.json`);
  const ticket: Ticket = { ...request.owner, since: request.since ?? new Date().toISOString(), ...currentProcessIdentity() };
  writeFileSync(ticketFile, JSON.stringify(ticket));
  let lastLine = '';
  try {
    for (;;) {
      request.signal.throwIfAborted();
      const measuring = request.pool === 'runs' ? slotHolders(request.internalLocks, 'measure', 1)[0] : undefined;
      const holders = slotHolders(request.internalLocks, request.pool, request.pool === 'runs' ? request.limit + 1 : request.limit);
      const busy = holders.filter((holder) => holder !== undefined && holder.runId !== measuring?.runId).length;
      const free = holders.flatMap((holder, index) => (holder === undefined ? [index] : []));
      const tickets = waitingRuns(request.internalLocks, request.pool);
      if (mayTakeSlot(tickets, request.owner.runId, Math.min(free.length, request.limit - busy))) {
        const ahead = holders.filter((holder) => holder !== undefined).length;
        for (const index of free) {
          const taken = await tryTakeLock<SlotHolder>(join(dir, `slot-${index}`), request.owner);
          if ('lock' in taken) return { ahead, since: ticket.since, release: taken.lock.release, [Symbol.asyncDispose]: taken.lock.release };
        }
      }
      const waitingFor = `a host ${{ runs: 'slot', provision: 'slot to start its stack', measure: 'measurement slot' }[request.pool]}`;
      const line = `queue: waiting for ${waitingFor}, position ${queuePosition(tickets, request.owner.runId)} of ${tickets.length} (${describeHolders(holders, request.limit, measuring)})`;
      if (line !== lastLine) request.progress(line);
      lastLine = line;
      await sleep(1000, undefined, { signal: request.signal });
    }
  } finally {
    rmSync(ticketFile, { force: true });
  }
}
