// A slug names one branch's stack. Two raw branch names can share a slug (`feature/Foo`
// sanitises to `feature-foo-436797`, and a branch of that literal name keeps it), so a
// command refuses a stack that its record or its objects' labels give to another branch.
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { type EphemeralError, usageError } from '../errors.ts';
import { labelKeys } from '../naming/labels.ts';
import type { CoordinationStore } from '../coordination/coordination-store.ts';
import type { EnvironmentRecord } from './environment-record.ts';

export interface OwnershipFacts {
  record: EnvironmentRecord | undefined;
  /** The `ephemeral.branch` labels of the stack's Docker objects. */
  labelledBranches: string[];
}

/** The other branch that owns the slug, if any. Pure. */
export function otherOwner(branch: string, facts: OwnershipFacts): string | undefined {
  if (facts.record && facts.record.branch !== branch) return facts.record.branch;
  return facts.labelledBranches.find((labelled) => labelled !== branch);
}

export function ownershipError(branch: string, slug: string, owner: string): EphemeralError {
  return usageError(
    `the environment ${slug} belongs to branch ${JSON.stringify(owner)}, not ${JSON.stringify(branch)}: both names map to the slug ${slug}`,
    `let the other branch's environment end, or destroy it with npm run ephemeral -- down --branch ${JSON.stringify(owner)}; then rerun`,
  );
}

/** Throws when the slug's environment belongs to another branch; run, up, test and down call it. */
export async function assertStackOwnedBy(store: CoordinationStore, slug: string, branch: string): Promise<void> {
  // Before the bootstrap the engine may not run yet (or the docker CLI may be missing):
  // then the record alone decides here, and the bootstrap says what is missing and how
  // to fix it, instead of a raw "cannot connect to the Docker daemon".
  const labelled = await listLabelledObjects(`${labelKeys.stack}=${slug}`).catch(() => []);
  const labelledBranches = [...new Set(labelled.flatMap((object) => object.labels[labelKeys.branch] ?? []))];
  const owner = otherOwner(branch, { record: await store.readRecord(slug), labelledBranches });
  if (owner !== undefined) throw ownershipError(branch, slug, owner);
}
