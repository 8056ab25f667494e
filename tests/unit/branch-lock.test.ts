// The branch lock on a real folder: one holder at a time, `fail` says who holds it,
// `wait` gets it once released, and a dead holder's lock does not count as busy.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireBranchLock, isBranchBusy } from '../../scripts/lifecycle/branch-lock.ts';

function request(locksDir: string, mode: 'wait' | 'fail', runId: string) {
  return { locksDir, slug: 'feature-x', owner: { runId }, mode, signal: new AbortController().signal, waitTimeoutMs: 10_000, progress: () => {} };
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
    expect(await isBranchBusy(dir, 'feature-x')).toBe(true);
    await lock.release();
    expect(await isBranchBusy(dir, 'feature-x')).toBe(false);
  });

  it('does not count a lock whose owner process is gone as busy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    const lock = await acquireBranchLock(request(dir, 'fail', 'run-1'));
    // Pretend the owner was a process that no longer exists.
    writeFileSync(join(dir, 'feature-x.owner.json'), JSON.stringify({ runId: 'dead', pid: 2 ** 22 + 1, host: hostname(), since: '' }));
    expect(await isBranchBusy(dir, 'feature-x')).toBe(false);
    await lock.release();
  });
});
