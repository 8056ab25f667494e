import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchSlug, isValidSlug, maxSlugLength } from '../../scripts/naming/slug.ts';

describe('branchSlug', () => {
  it('keeps a name that is already a valid slug', () => {
    expect(branchSlug('feature-login')).toBe('feature-login');
  });

  it('appends a hash when sanitising changed the name', () => {
    expect(branchSlug('feature/Foo')).toMatch(/^feature-foo-[0-9a-f]{6}$/);
  });

  it('gives feature/Foo and feature-foo different slugs', () => {
    expect(branchSlug('feature/Foo')).not.toBe(branchSlug('feature-foo'));
  });

  it('truncates long names to 40 characters with a hash', () => {
    const slug = branchSlug('a'.repeat(100));
    expect(slug).toHaveLength(maxSlugLength);
    expect(slug).toMatch(/^a+-[0-9a-f]{6}$/);
  });

  it('makes a name that starts with a digit start with a letter', () => {
    expect(branchSlug('123-fix')).toMatch(/^b-123-fix-[0-9a-f]{6}$/);
  });

  it('maps a name with no usable character to a valid slug', () => {
    expect(isValidSlug(branchSlug('日本語/ブランチ'))).toBe(true);
  });

  it('rejects an empty name', () => {
    expect(() => branchSlug('')).toThrow(/empty/);
  });

  it('maps any non-empty name to a valid slug (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), (branch) => isValidSlug(branchSlug(branch))),
      { numRuns: 2000 },
    );
  });

  it('never gives two different names the same slug (property)', () => {
    const names = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }),
      fc.stringMatching(/^[A-Za-z0-9./_-]{1,60}$/),
    );
    fc.assert(
      fc.property(names, names, (a, b) => a === b || branchSlug(a) !== branchSlug(b)),
      { numRuns: 5000 },
    );
  });
});
