// Decides what `gc` removes, from plain facts: the stacks, their records, whether a
// live run holds each branch, the labelled Docker objects, this runner's host, and the
// time. Pure.
import type { EnvironmentRecord } from './environment-record.ts';

export interface GcFacts {
  now: Date;
  stacks: string[];
  records: EnvironmentRecord[];
  /** Slugs whose branch lock a live process holds (its lease runs, or its process lives here). */
  busy: Set<string>;
  /** Slugs that labelled Docker objects name. */
  labelledSlugs: string[];
  /**
   * This runner's host. With a shared backend, an environment another host made on its
   * own Docker engine is not reachable from here: it is reported, not destroyed.
   */
  host?: string;
}

export type GcReason = 'expired' | 'abandoned run' | 'no record' | 'orphaned objects';

export interface GcAction {
  slug: string;
  kind: 'destroy-stack' | 'remove-objects' | 'unreachable';
  reason: GcReason;
  /** For `unreachable`: the host whose gc reclaims it. */
  host?: string;
}

/** The host an environment lives on when only that host reaches it (Docker), else undefined. */
function otherHost(record: EnvironmentRecord, host: string | undefined): string | undefined {
  if (host === undefined || record.target === 'kubernetes' || !record.owner) return undefined;
  return record.owner.host === host ? undefined : record.owner.host;
}

export function planGc(facts: GcFacts): GcAction[] {
  const actions: GcAction[] = [];
  const records = new Map(facts.records.map((record) => [record.slug, record]));
  const stacks = new Set(facts.stacks);
  for (const slug of facts.stacks) {
    if (facts.busy.has(slug)) continue;
    const record = records.get(slug);
    const reason: GcReason | undefined = !record
      ? 'no record'
      : !record.kept
      ? 'abandoned run'
      : record.expiresAt && new Date(record.expiresAt) <= facts.now
      ? 'expired'
      : undefined;
    if (!reason) continue;
    const host = record && otherHost(record, facts.host);
    actions.push(host ? { slug, kind: 'unreachable', reason, host } : { slug, kind: 'destroy-stack', reason });
  }
  for (const slug of new Set(facts.labelledSlugs)) {
    if (!stacks.has(slug) && !facts.busy.has(slug)) actions.push({ slug, kind: 'remove-objects', reason: 'orphaned objects' });
  }
  return actions;
}

/** The line gc prints for an environment it cannot reach. */
export function unreachableLine(action: GcAction): string {
  return `gc: ${action.slug} (${action.reason}) belongs to host ${action.host}, not reachable from here: run gc there`;
}
