import { describe, expect, it } from 'vitest';
import type { EnvironmentRecord } from '../../scripts/environments/environment-record.ts';
import { planGc } from '../../scripts/environments/plan-gc.ts';

const now = new Date('2026-11-25T12:00:00Z');
const record = (slug: string, kept: boolean, expiresAt: string | null): EnvironmentRecord => ({
  slug,
  branch: slug,
  runId: 'r',
  kept,
  createdAt: '2026-11-25T00:00:00Z',
  expiresAt,
});

describe('planGc', () => {
  const base = { now, stacks: [] as string[], records: [] as EnvironmentRecord[], busy: new Set<string>(), labelledSlugs: [] as string[] };

  it('destroys a kept stack past its expiry and keeps one before it', () => {
    const actions = planGc({
      ...base,
      stacks: ['old', 'fresh'],
      records: [record('old', true, '2026-11-25T11:00:00Z'), record('fresh', true, '2026-11-25T13:00:00Z')],
    });
    expect(actions).toEqual([{ slug: 'old', kind: 'destroy-stack', reason: 'expired' }]);
  });

  it('keeps a kept stack that never expires', () => {
    expect(planGc({ ...base, stacks: ['staging'], records: [record('staging', true, null)] })).toEqual([]);
  });

  it('destroys the stack of a run that is no longer running (a killed driver)', () => {
    expect(planGc({ ...base, stacks: ['killed'], records: [record('killed', false, null)] })).toEqual([
      { slug: 'killed', kind: 'destroy-stack', reason: 'abandoned run' },
    ]);
  });

  it('never touches a branch a live run holds', () => {
    expect(planGc({ ...base, stacks: ['live'], records: [record('live', false, null)], busy: new Set(['live']), labelledSlugs: ['live'] })).toEqual([]);
  });

  it('removes labelled objects that no stack knows, once per slug', () => {
    expect(planGc({ ...base, stacks: ['known'], records: [record('known', true, null)], labelledSlugs: ['known', 'ghost', 'ghost'] })).toEqual([
      { slug: 'ghost', kind: 'remove-objects', reason: 'orphaned objects' },
    ]);
  });
});
