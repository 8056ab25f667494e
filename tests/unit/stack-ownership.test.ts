// Name spaces that no branch name can break: a slug is always a plain file name inside
// the branch locks folder (never an internal lock), and two raw names that share a slug
// never share an environment: the second is refused with exit 64 and the fix.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { otherOwner } from '../../scripts/environments/stack-ownership.ts';
import { type EphemeralError, ExitCode } from '../../scripts/errors.ts';
import { acquireBranchLock } from '../../scripts/lifecycle/branch-lock.ts';
import { fileCoordinationStore } from '../../scripts/coordination/file-coordination-store.ts';
import { branchSlug, isValidSlug } from '../../scripts/naming/slug.ts';
import { resolveCachePaths } from '../../scripts/toolchain/cache-paths.ts';
import { loadPins } from '../../scripts/toolchain/pins.ts';

const paths = resolveCachePaths(loadPins(), { EPHEMERAL_CACHE_DIR: '/cache' });
const internalNames = ['app-image', 'app-image.lock', 'internal', 'branches', '..', '.', 'locks', 'state', 'passphrase'];
const adversarialBranch = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 250 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 250 }),
  fc.constantFrom(...internalNames, '../../etc', 'a/../../b', 'x'.repeat(250), 'feature/Foo', 'feature-foo', branchSlug('feature/Foo')),
);

describe('name spaces', () => {
  it('puts every branch lock directly in the branch locks folder, apart from the internal locks', () => {
    fc.assert(
      fc.property(adversarialBranch, (branch) => {
        const slug = branchSlug(branch);
        expect(isValidSlug(slug)).toBe(true);
        const target = join(paths.branchLocks, slug);
        expect(dirname(target)).toBe(paths.branchLocks);
        expect(target.startsWith(paths.internalLocks)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives two different raw names one environment: a shared slug finds the other owner', () => {
    fc.assert(
      fc.property(adversarialBranch, adversarialBranch, (first, second) => {
        fc.pre(first !== second);
        const record = { slug: branchSlug(first), branch: first, runId: 'r', kept: true, createdAt: '', expiresAt: null };
        // Whether or not the slugs collide, the owner check only ever lets the same raw name in.
        expect(otherOwner(second, { record, labelledBranches: [] })).toBe(first);
        expect(otherOwner(first, { record, labelledBranches: [] })).toBeUndefined();
        expect(otherOwner(second, { record: undefined, labelledBranches: [first] })).toBe(first);
      }),
    );
  });

  it('a branch named like another branch slug shares it, so the ownership check is what keeps them apart', () => {
    expect(branchSlug(branchSlug('feature/Foo'))).toBe(branchSlug('feature/Foo'));
  });

  it('refuses at once, with exit 64 and the fix, a run whose slug another branch holds the lock of', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locks-'));
    const slug = branchSlug('feature/Foo');
    const base = { store: fileCoordinationStore({ locksDir: dir, stateDir: dir }), slug, mode: 'wait' as const, signal: new AbortController().signal, waitTimeoutMs: 60_000, progress: () => {} };
    const first = await acquireBranchLock({ ...base, owner: { runId: 'run-1', branch: 'feature/Foo' } });
    const refused = await acquireBranchLock({ ...base, owner: { runId: 'run-2', branch: slug } }).catch((error: unknown) => error as EphemeralError);
    expect((refused as EphemeralError).exitCode).toBe(ExitCode.usage);
    expect((refused as EphemeralError).message).toContain('belongs to branch "feature/Foo"');
    expect((refused as EphemeralError).remedy).toContain('down --branch "feature/Foo"');
    await first.release();
  });
});
