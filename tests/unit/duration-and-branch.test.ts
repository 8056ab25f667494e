import { describe, expect, it } from 'vitest';
import { resolveBranch } from '../../scripts/config/branch.ts';
import { formatDuration, parseDuration } from '../../scripts/config/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
  ])('reads %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '24', 'h', '-1h', '1.5h', '0s', '1w', '24 hours'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats back to a short form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(45_000)).toBe('45s');
  });
});

describe('resolveBranch', () => {
  const git = { branch: 'local-branch', shortCommit: 'abc1234' };

  it('prefers --branch', () => {
    expect(resolveBranch('cli', { GITHUB_HEAD_REF: 'pr' }, git)).toBe('cli');
  });

  it('then the CI variables in order', () => {
    expect(resolveBranch(undefined, { GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: 'pr' }, git)).toBe('pr');
    expect(resolveBranch(undefined, { CI_COMMIT_REF_NAME: 'gl' }, git)).toBe('gl');
  });

  it('then the checkout, then the commit', () => {
    expect(resolveBranch(undefined, {}, git)).toBe('local-branch');
    expect(resolveBranch(undefined, {}, { branch: undefined, shortCommit: 'abc1234' })).toBe('abc1234');
  });

  it('keeps an explicit empty --branch so that validation can reject it', () => {
    expect(resolveBranch('', {}, git)).toBe('');
  });
});
