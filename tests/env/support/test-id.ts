// The x-test-id of a test: readable, unique per test, stable across runs, and safe as a
// file name (the runner writes logs/by-test/<test-id>.log for each failing test).
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

// At most 24 + 1 + 48 + 1 + 8 = 82 characters: short enough for any file system and log line.
const MAX_STEM_LENGTH = 24;
const MAX_WORDS_LENGTH = 48;

function slugWords(text: string, maxLength: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** `<file stem>-<title words>-<8 hex>`; the hash covers the file name and every title. */
export function testIdFor(file: string, titles: readonly string[]): string {
  const fileName = basename(file);
  const stem = slugWords(fileName.replace(/\.(test|spec)\.[cm]?[jt]s$/, ''), MAX_STEM_LENGTH) || 'test';
  const words = slugWords(titles.join(' '), MAX_WORDS_LENGTH);
  const hash = createHash('sha256').update([fileName, ...titles].join('\u0000')).digest('hex').slice(0, 8);
  return [stem, words, hash].filter(Boolean).join('-');
}

/** Ids made outside any one test (sign-in in a fixture, the load phase) share this shape. */
export function phaseTestId(suite: string, phase: string): string {
  return testIdFor(`${suite}.test.ts`, [phase]);
}
