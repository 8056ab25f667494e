// Decides what `gc` removes, from plain facts: the stacks, their records, whether a
// live run holds each branch, the labelled Docker objects, and the time. Pure.
import type { EnvironmentRecord } from './environment-record.ts';

export interface GcFacts {
  now: Date;
  stacks: string[];
  records: EnvironmentRecord[];
  /** Slugs whose branch lock a live process holds. */
  busy: Set<string>;
  /** Slugs that labelled Docker objects name. */
  labelledSlugs: string[];
}

export type GcReason = 'expired' | 'abandoned run' | 'no record' | 'orphaned objects';

export interface GcAction {
  slug: string;
  kind: 'destroy-stack' | 'remove-objects';
  reason: GcReason;
}

export function planGc(facts: GcFacts): GcAction[] {
  const actions: GcAction[] = [];
  const records = new Map(facts.records.map((record) => [record.slug, record]));
  const stacks = new Set(facts.stacks);
  for (const slug of facts.stacks) {
    if (facts.busy.has(slug)) continue;
    const record = records.get(slug);
    if (!record) actions.push({ slug, kind: 'destroy-stack', reason: 'no record' });
    else if (!record.kept) actions.push({ slug, kind: 'destroy-stack', reason: 'abandoned run' });
    else if (record.expiresAt && new Date(record.expiresAt) <= facts.now) actions.push({ slug, kind: 'destroy-stack', reason: 'expired' });
  }
  for (const slug of new Set(facts.labelledSlugs)) {
    if (!stacks.has(slug) && !facts.busy.has(slug)) actions.push({ slug, kind: 'remove-objects', reason: 'orphaned objects' });
  }
  return actions;
}
