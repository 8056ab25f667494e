// The branch lock on a real folder: one holder at a time, `fail` says who holds it,
// `wait` gets it once released, and a dead holder's lock is free at once, whatever its
// age, while a live or unknown holder's is not.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireBranchLock, isBranchBusy, readLockOwner } from '../../scripts/lifecycle/branch-lock.ts';
import { fileCoordinationStore } from '../../scripts/coordination/file-coordination-store.ts';
import { processStartTime } from '../../scripts/lifecycle/process-identity.ts';

function request(locksDir: string, mode: 'wait' | 'fail', runId: string) {
  return { store: fileCoordinationStore({ locksDir, stateDir: locksDir }), slug: 'feature-x', owner: { runId }, mode, signal: new AbortController().signal, waitTimeoutMs: 10_000, progress: () => {} };
}

describe('branch lock', () => {
  it('refuses a second holder with --concurrency fail and names the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    const first = await acquireBranchLock(request(dir, 'fail', 'run-1'));
    await expect(acquireBranchLock(request(dir, 'fail', 'run-2'))).rejects.toThrow(/busy: run run-1 \(pid \d+/);
    await first.release();
  });

  it('lets a waiting run in once the holder releases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    const first = await acquireBranchLock(request(dir, 'wait', 'run-1'));
    const lines: string[] = [];
    const second = acquireBranchLock({ ...request(dir, 'wait', 'run-2'), progress: (line) => lines.push(line) });
    setTimeout(() => void first.release(), 1500);
    const lock = await second;
    expect(lines.join('\n')).toMatch(/waiting for run run-1/);
    expect(isBranchBusy(dir, 'feature-x')).toBe(true);
    await lock.release();
    expect(isBranchBusy(dir, 'feature-x')).toBe(false);
  });

  function plantLock(dir: string, holder: object | undefined, ageMs = 0): void {
    const lockDir = join(dir, 'feature-x.lock');
    mkdirSync(lockDir, { recursive: true });
    if (holder) writeFileSync(join(lockDir, 'holder.json'), JSON.stringify({ runId: 'planted', since: '', ...holder }));
    const when = new Date(Date.now() - ageMs);
    utimesSync(lockDir, when, when);
  }

  // A pid that existed and is gone now: a child that already exited.
  const deadPid = spawnSync('true').pid;

  it('takes over at once the fresh lock of a holder whose process is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    plantLock(dir, { pid: deadPid, host: hostname() });
    expect(isBranchBusy(dir, 'feature-x')).toBe(false);
    const lock = await acquireBranchLock(request(dir, 'fail', 'run-2'));
    expect(readLockOwner(dir, 'feature-x')?.runId).toBe('run-2');
    await lock.release();
  });

  it('treats a holder whose pid now belongs to another process as dead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    plantLock(dir, { pid: process.pid, host: hostname(), startTime: `${Number(processStartTime(process.pid)) - 1}` });
    expect(isBranchBusy(dir, 'feature-x')).toBe(false);
    plantLock(dir, { pid: process.pid, host: hostname(), startTime: processStartTime(process.pid) });
    expect(isBranchBusy(dir, 'feature-x')).toBe(true);
  });

  it('judges a holder on another host, or none at all, by the age of the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    plantLock(dir, { pid: deadPid, host: `not-${hostname()}` });
    expect(isBranchBusy(dir, 'feature-x')).toBe(true);
    await expect(acquireBranchLock(request(dir, 'fail', 'run-2'))).rejects.toThrow(/busy: run planted/);
    plantLock(dir, { pid: deadPid, host: `not-${hostname()}` }, 30_000);
    expect(isBranchBusy(dir, 'feature-x')).toBe(false);
    const other = mkdtempSync(join(tmpdir(), 'locks-'));
    plantLock(other, undefined);
    expect(isBranchBusy(other, 'feature-x')).toBe(true);
    plantLock(other, undefined, 30_000);
    const lock = await acquireBranchLock(request(other, 'fail', 'run-3'));
    await lock.release();
  });

  it('keeps the lock across its refreshes: the holder written inside does not make it look compromised', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    const lock = await acquireBranchLock(request(dir, 'fail', 'run-1'));
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(readLockOwner(dir, 'feature-x')?.runId).toBe('run-1');
    await lock.release();
    expect(isBranchBusy(dir, 'feature-x')).toBe(false);
  }, 15_000);

  it('lets exactly one of many contenders take over a dead holder\'s lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    plantLock(dir, { pid: deadPid, host: hostname() });
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => acquireBranchLock(request(dir, 'fail', `run-${index}`))));
    const won = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(won).toHaveLength(1);
    await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });
});
