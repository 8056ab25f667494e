// Host-wide slots: a run holds one from up to teardown, and a latency measurement holds
// the one measurement slot. A run that finds no free slot queues first come, first
// served, with a line that says its place and what it waits for. Slots are
// proper-lockfile locks that go stale when their holder stops refreshing them (a killed
// driver), so a crash never blocks the host.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { type QueueTicket, mayTakeSlot, queuePosition } from './host-capacity.ts';

export type SlotPool = 'runs' | 'measure';

export interface SlotHolder {
  runId: string;
  branch: string;
  pid: number;
  since: string;
}

export interface HostSlot extends AsyncDisposable {
  release(): Promise<void>;
}

export interface SlotRequest {
  /** The tool's internal locks folder; pools live below it. */
  internalLocks: string;
  pool: SlotPool;
  limit: number;
  owner: { runId: string; branch: string };
  signal: AbortSignal;
  progress: (line: string) => void;
}

// As the branch lock: refreshed every 5 s, stale after 20 s without a refresh.
const staleMs = 20_000;

function poolDir(internalLocks: string, pool: SlotPool): string {
  return join(internalLocks, 'host-slots', pool);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Runs waiting for a slot of the pool, whose drivers are alive; dead ones' tickets are dropped. */
export function waitingRuns(internalLocks: string, pool: SlotPool): Array<QueueTicket & { pid: number }> {
  const dir = join(poolDir(internalLocks, pool), 'queue');
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const ticket = readJson<QueueTicket & { pid: number }>(join(dir, file));
    if (ticket && alive(ticket.pid)) return [ticket];
    rmSync(join(dir, file), { force: true });
    return [];
  });
}

/** Who holds which slot of the pool now. */
export async function slotHolders(internalLocks: string, pool: SlotPool, limit: number): Promise<Array<SlotHolder | undefined>> {
  const dir = poolDir(internalLocks, pool);
  return Promise.all(
    Array.from({ length: limit }, async (_, index) => {
      const target = join(dir, `slot-${index}`);
      const held = await lockfile.check(target, { realpath: false, stale: staleMs }).catch(() => false);
      return held ? (readJson<SlotHolder>(`${target}.holder.json`) ?? { runId: '?', branch: '?', pid: 0, since: '' }) : undefined;
    }),
  );
}

async function tryTake(target: string): Promise<(() => Promise<void>) | undefined> {
  writeFileSync(target, '', { flag: 'a' });
  try {
    return await lockfile.lock(target, { realpath: false, stale: staleMs, update: staleMs / 4 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return undefined;
    throw error;
  }
}

function describeHolders(holders: Array<SlotHolder | undefined>): string {
  const taken = holders.filter((holder): holder is SlotHolder => holder !== undefined);
  return `${taken.length} of ${holders.length} taken: ${taken.map((holder) => `run ${holder.runId} (${holder.branch})`).join(', ')}`;
}

export async function acquireHostSlot(request: SlotRequest): Promise<HostSlot> {
  const dir = poolDir(request.internalLocks, request.pool);
  const queueDir = join(dir, 'queue');
  mkdirSync(queueDir, { recursive: true });
  const ticketFile = join(queueDir, `${request.owner.runId}.json`);
  const ticket: QueueTicket & { pid: number } = { ...request.owner, since: new Date().toISOString(), pid: process.pid };
  writeFileSync(ticketFile, JSON.stringify(ticket));
  let lastLine = '';
  try {
    for (;;) {
      request.signal.throwIfAborted();
      const holders = await slotHolders(request.internalLocks, request.pool, request.limit);
      const free = holders.flatMap((holder, index) => (holder === undefined ? [index] : []));
      const tickets = waitingRuns(request.internalLocks, request.pool);
      if (mayTakeSlot(tickets, request.owner.runId, free.length)) {
        for (const index of free) {
          const target = join(dir, `slot-${index}`);
          const unlock = await tryTake(target);
          if (!unlock) continue;
          const holder: SlotHolder = { ...request.owner, pid: process.pid, since: new Date().toISOString() };
          writeFileSync(`${target}.holder.json`, JSON.stringify(holder));
          let released = false;
          const release = async () => {
            if (released) return;
            released = true;
            rmSync(`${target}.holder.json`, { force: true });
            await unlock();
          };
          return { release, [Symbol.asyncDispose]: release };
        }
      }
      const line = `queue: waiting for a host ${request.pool === 'runs' ? 'slot' : 'measurement slot'}, position ${queuePosition(tickets, request.owner.runId)} of ${tickets.length} (${describeHolders(holders)})`;
      if (line !== lastLine) request.progress(line);
      lastLine = line;
      await sleep(1000, undefined, { signal: request.signal });
    }
  } finally {
    rmSync(ticketFile, { force: true });
  }
}
