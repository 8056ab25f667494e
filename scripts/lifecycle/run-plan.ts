// What one invocation is about: the branch, its slug, the run id and the expiry.
import { randomBytes } from 'node:crypto';
import { branchSlug } from '../naming/slug.ts';
import type { StackIdentity } from '../naming/labels.ts';
import type { UpgradeSource } from '../upgrade/upgrade-ref.ts';

export interface RunPlan extends StackIdentity {
  keep: boolean;
  /** A fault of the config's `faults`, checked against it. */
  fault: string | undefined;
  /** With --upgrade-from: the version deployed first, then rolled out to the checkout. */
  upgradeFrom?: UpgradeSource | undefined;
}

export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
}

export function planRun(branch: string, options: { keep: boolean; ttlMs: number; now: Date; fault?: string | undefined; upgradeFrom?: UpgradeSource | undefined }): RunPlan {
  return {
    ...(options.upgradeFrom ? { upgradeFrom: options.upgradeFrom } : {}),
    fault: options.fault,
    branch,
    slug: branchSlug(branch),
    runId: newRunId(options.now),
    keep: options.keep,
    expiresAt: new Date(options.now.getTime() + options.ttlMs),
  };
}
