// Branch name → slug: a DNS-1123 label of at most 40 characters that names the Pulumi
// stack and prefixes every resource. Where sanitising changed the name or it had to be
// truncated, a short hash of the raw name keeps different branches apart.
import { createHash } from 'node:crypto';

export const maxSlugLength = 40;
const hashLength = 6;

function sanitise(branch: string): string {
  const lowered = branch
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A DNS label for our purposes starts with a letter.
  return /^[a-z]/.test(lowered) ? lowered : `b-${lowered}`.replace(/-+$/, '');
}

export function branchSlug(branch: string): string {
  if (branch.length === 0) throw new Error('a branch name cannot be empty');
  const sanitised = sanitise(branch);
  if (sanitised === branch && sanitised.length <= maxSlugLength) return sanitised;
  const hash = createHash('sha256').update(branch, 'utf8').digest('hex').slice(0, hashLength);
  const base = sanitised.slice(0, maxSlugLength - hashLength - 1).replace(/-+$/, '');
  return `${base}-${hash}`;
}

export function isValidSlug(slug: string): boolean {
  return slug.length <= maxSlugLength && /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(slug);
}
