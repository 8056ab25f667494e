// Admission on one host: the limit follows cores and memory (or --max-parallel), waiting
// runs go first come, first served, and on real lock files a run beyond the limit waits,
// says its place and what it waits for, and gets the slot once one is released.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostRunLimit, hostStartLimit, mayTakeSlot, queuePosition } from '../../scripts/admission/host-capacity.ts';
import { acquireHostSlot, slotHolders, waitingRuns } from '../../scripts/admission/host-slots.ts';
import { niceForRunsAhead } from '../../scripts/admission/run-priority.ts';
import { resolveRunOptions } from '../../scripts/config/run-options.ts';

const gib = 1024 ** 3;

describe('host capacity', () => {
  it('takes the smaller of what the cores and the memory hold, at least one', () => {
    expect(hostRunLimit({ cores: 2, memoryBytes: 24 * gib })).toBe(4);
    expect(hostRunLimit({ cores: 16, memoryBytes: 8 * gib })).toBe(3);
    expect(hostRunLimit({ cores: 1, memoryBytes: 1 * gib })).toBe(1);
  });

  it('starts one stack per two cores at once, at least one', () => {
    expect(hostStartLimit(1)).toBe(1);
    expect(hostStartLimit(2)).toBe(1);
    expect(hostStartLimit(3)).toBe(1);
    expect(hostStartLimit(16)).toBe(8);
  });

  it('lets --max-parallel override it', () => {
    expect(hostRunLimit({ cores: 2, memoryBytes: 24 * gib }, 4)).toBe(4);
  });

  it('refuses a --max-parallel that is not a whole number of at least one', () => {
    const git = { branch: 'main', shortCommit: 'abc' };
    expect(resolveRunOptions({ maxParallel: '3' }, {}, git).maxParallel).toBe(3);
    expect(() => resolveRunOptions({ maxParallel: '0' }, {}, git)).toThrow(/bad --max-parallel "0"/);
    expect(() => resolveRunOptions({ maxParallel: 'two' }, {}, git)).toThrow(/bad --max-parallel "two"/);
  });

  it('serves waiting runs in the order they came', () => {
    const tickets = [
      { runId: 'c', branch: 'c', since: '2026-12-02T10:00:03Z' },
      { runId: 'a', branch: 'a', since: '2026-12-02T10:00:01Z' },
      { runId: 'b', branch: 'b', since: '2026-12-02T10:00:02Z' },
    ];
    expect(queuePosition(tickets, 'a')).toBe(1);
    expect(queuePosition(tickets, 'c')).toBe(3);
    expect(mayTakeSlot(tickets, 'b', 1)).toBe(false);
    expect(mayTakeSlot(tickets, 'b', 2)).toBe(true);
  });
});

describe('host slots', () => {
  it('queues a run beyond the limit with its place and the holders, and lets it in on release', async () => {
    const internalLocks = mkdtempSync(join(tmpdir(), 'slots-'));
    const request = (runId: string, progress: (line: string) => void = () => {}) => ({
      internalLocks,
      pool: 'runs' as const,
      limit: 1,
      owner: { runId, branch: `branch/${runId}` },
      signal: new AbortController().signal,
      progress,
    });
    const first = await acquireHostSlot(request('run-1'));
    expect((slotHolders(internalLocks, 'runs', 1))[0]?.runId).toBe('run-1');
    const lines: string[] = [];
    const second = acquireHostSlot(request('run-2', (line) => lines.push(line)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waitingRuns(internalLocks, 'runs').map((ticket) => ticket.runId)).toEqual(['run-2']);
    setTimeout(() => void first.release(), 1200);
    const slot = await second;
    expect(lines[0]).toBe('queue: waiting for a host slot, position 1 of 1 (1 of 1 taken: run run-1 (branch/run-1))');
    expect(waitingRuns(internalLocks, 'runs')).toEqual([]);
    await slot.release();
    expect(slotHolders(internalLocks, 'runs', 1)).toEqual([undefined]);
  });

  it('does not count a measuring run: one more may start beside it, told how many came first', async () => {
    const internalLocks = mkdtempSync(join(tmpdir(), 'slots-'));
    const signal = new AbortController().signal;
    const run = (runId: string, progress: (line: string) => void = () => {}) =>
      acquireHostSlot({ internalLocks, pool: 'runs', limit: 1, owner: { runId, branch: `b/${runId}` }, signal, progress });
    const first = await run('m');
    expect(first.ahead).toBe(0);
    const lines: string[] = [];
    const second = run('r', (line) => lines.push(line));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toEqual(['queue: waiting for a host slot, position 1 of 1 (1 of 1 taken: run m (b/m))']);
    const measuring = await acquireHostSlot({ internalLocks, pool: 'measure', limit: 1, owner: { runId: 'm', branch: 'b/m' }, signal, progress: () => {} });
    const slot = await second;
    expect(slot.ahead).toBe(1);
    // Both hold a run slot now: a third waits, even after the measurement ends.
    const third = run('t', (line) => lines.push(line));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.at(-1)).toBe('queue: waiting for a host slot, position 1 of 1 (1 of 1 taken: run m (b/m, measuring latency), run r (b/r))');
    await measuring.release();
    await first.release();
    await slot.release();
    await (await third).release();
  });

  it('lowers the priority of later runs, more for each run ahead, never below nice 19', () => {
    expect([0, 1, 2, 3, 7].map(niceForRunsAhead)).toEqual([0, 10, 15, 19, 19]);
  });

  it('serves a start or measurement slot in the order the runs were admitted, not the order they reached it', async () => {
    const internalLocks = mkdtempSync(join(tmpdir(), 'slots-'));
    const signal = new AbortController().signal;
    const start = (runId: string, since?: string) => acquireHostSlot({ internalLocks, pool: 'provision', limit: 1, owner: { runId, branch: runId }, since, signal, progress: () => {} });
    const holder = await start('first');
    const taken: string[] = [];
    // `late` was admitted after `early` but got through its preflight first.
    const late = start('late', '2026-12-03T10:00:02.000Z').then((slot) => (taken.push('late'), slot));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const early = start('early', '2026-12-03T10:00:01.000Z').then((slot) => (taken.push('early'), slot));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waitingRuns(internalLocks, 'provision').map((ticket) => ticket.runId).sort()).toEqual(['early', 'late']);
    await holder.release();
    const earlySlot = await early;
    expect(earlySlot.since).toBe('2026-12-03T10:00:01.000Z');
    await earlySlot.release();
    await (await late).release();
    expect(taken).toEqual(['early', 'late']);
  });

  it('stops waiting when the run is interrupted, and leaves no ticket', async () => {
    const internalLocks = mkdtempSync(join(tmpdir(), 'slots-'));
    const base = { internalLocks, pool: 'measure' as const, limit: 1, progress: () => {} };
    const held = await acquireHostSlot({ ...base, owner: { runId: 'a', branch: 'a' }, signal: new AbortController().signal });
    const controller = new AbortController();
    const waiting = acquireHostSlot({ ...base, owner: { runId: 'b', branch: 'b' }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('interrupted')), 300);
    await expect(waiting).rejects.toThrow(/interrupted|aborted/);
    expect(waitingRuns(internalLocks, 'measure')).toEqual([]);
    await held.release();
  });
});
