// The run history: entries from summaries, the JSONL store per project, the median and the
// slow-phase rule against the default branch, and how the default branch is chosen.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithHistory } from '../../scripts/history/compare-with-history.ts';
import { chooseDefaultBranch } from '../../scripts/history/default-branch.ts';
import { type HistoryEntry, fileRunHistory, historyEntryOf, historyFileName } from '../../scripts/history/run-history.ts';
import { median, slowPhases } from '../../scripts/history/slow-phases.ts';
import { renderSummaryMarkdown } from '../../scripts/artifacts/run-summary.ts';
import { passedSummary } from './report-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'ephemeral-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function entry(runId: string, branch: string, phases: Record<string, number>, outcome = 'passed'): HistoryEntry {
  return { project: 'reference', runId, branch, slug: branch, outcome, exitCode: outcome === 'passed' ? 0 : 1, startedAt: `2026-12-0${runId}T10:00:00.000Z`, seconds: 60, phases, failedPhases: [], artifactsDir: '/tmp/a' };
}

describe('historyEntryOf', () => {
  it('keeps the outcome and sums phases of one name', () => {
    const summary = passedSummary({ phases: [...passedSummary().phases, { name: 'suite api', startedAt: '2026-12-03T10:15:00.000Z', seconds: 5, ok: false }] });
    const made = historyEntryOf(summary);
    expect(made).toMatchObject({ project: 'reference', branch: 'feature/report', outcome: 'passed', exitCode: 0 });
    expect(made.phases['suite api']).toBe(25);
    expect(made.failedPhases).toEqual(['suite api']);
  });
});

describe('fileRunHistory', () => {
  it('appends per project and reads back oldest first, by branch on request, past a torn line', async () => {
    const history = fileRunHistory(dir);
    await history.append(entry('1', 'main', { up: 10 }));
    await history.append(entry('2', 'feature', { up: 11 }));
    appendFileSync(join(dir, historyFileName('reference')), '{"torn":\n');
    await history.append(entry('3', 'main', { up: 12 }));
    await history.append({ ...entry('4', 'main', { up: 1 }), project: 'other' });
    expect((await history.read('reference')).map((read) => read.runId)).toEqual(['1', '2', '3']);
    expect((await history.read('reference', { branch: 'main' })).map((read) => read.runId)).toEqual(['1', '3']);
    expect((await history.read('other')).map((read) => read.runId)).toEqual(['4']);
    expect(await history.read('nobody')).toEqual([]);
  });

  it('names the file after the project, safely', () => {
    expect(historyFileName('reference')).toBe('reference.jsonl');
    expect(historyFileName('../team/app')).toBe('__team_app.jsonl');
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('slowPhases', () => {
  const earlier = ['1', '2', '3', '4'].map((id) => entry(id, 'main', { up: 10, seed: 0.4, down: 3 }));

  it('flags a phase over 1.5x its median of the earlier passed runs', () => {
    expect(slowPhases({ up: 16, seed: 0.4, down: 3 }, earlier)).toEqual([{ name: 'up', seconds: 16, medianSeconds: 10, runs: 4, ratio: 1.6 }]);
  });

  it('does not flag 1.5x exactly, nor a phase only a fraction of a second over', () => {
    expect(slowPhases({ up: 15, seed: 0.9 }, earlier)).toEqual([]);
  });

  it('uses only the last 10 runs, and only passed ones', () => {
    const old = Array.from({ length: 10 }, (_, index) => entry(String(index), 'main', { up: 100 }));
    const recent = Array.from({ length: 10 }, (_, index) => entry(String(index + 10), 'main', { up: 10 }));
    const failed = [entry('99', 'main', { up: 1 }, 'suite-failed')];
    expect(slowPhases({ up: 20 }, [...old, ...recent, ...failed]).map((slow) => slow.medianSeconds)).toEqual([10]);
  });

  it('says nothing with fewer than 3 earlier runs, or for a phase they never had', () => {
    expect(slowPhases({ up: 100 }, earlier.slice(0, 2))).toEqual([]);
    expect(slowPhases({ 'suite new': 100 }, earlier)).toEqual([]);
  });
});

describe('compareWithHistory', () => {
  it('fills the summary from the default branch only, and the markdown flags the slow phase', async () => {
    const history = fileRunHistory(mkdtempSync(join(dir, 'compare-')));
    for (const id of ['1', '2', '3']) await history.append(entry(id, 'main', { up: 4 }));
    for (const id of ['5', '6', '7']) await history.append(entry(id, 'feature/report', { up: 40 }));
    const summary = passedSummary();
    expect(await compareWithHistory(summary, { history, defaultBranch: 'main' })).toBeUndefined();
    expect(summary.defaultBranch).toBe('main');
    expect(summary.slowPhases?.map((slow) => slow.name)).toEqual(['up']);
    expect(renderSummaryMarkdown(summary)).toContain('- up: 12.0s, median 4.0s of 3 runs (3.0×)');
  });

  it('turns a history that cannot be read into a warning', async () => {
    const broken = { append: () => Promise.reject(new Error('disk full')), read: () => Promise.reject(new Error('no access')) };
    expect(await compareWithHistory(passedSummary(), { history: broken, defaultBranch: 'main' })).toMatch(/history: could not read it \(.*no access/);
  });
});

describe('chooseDefaultBranch', () => {
  it('takes the option first, then origin/HEAD, then main or master, else main', () => {
    expect(chooseDefaultBranch(' trunk ', { originHead: 'origin/main', localBranches: ['main'] })).toBe('trunk');
    expect(chooseDefaultBranch(undefined, { originHead: 'origin/develop', localBranches: ['main'] })).toBe('develop');
    expect(chooseDefaultBranch(undefined, { originHead: undefined, localBranches: ['master'] })).toBe('master');
    expect(chooseDefaultBranch('', { originHead: undefined, localBranches: ['main', 'master'] })).toBe('main');
    expect(chooseDefaultBranch(undefined, { originHead: undefined, localBranches: [] })).toBe('main');
  });
});
