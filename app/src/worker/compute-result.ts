// What the worker computes for an item: a deterministic summary of its title and body.
// A title carrying the [fail] marker always fails, so suites can exercise retry and park.
import { createHash } from 'node:crypto';

export const FAILURE_MARKER = '[fail]';
/** A title carrying [slow] takes SLOW_JOB_MS longer, to exercise in-flight jobs on shutdown. */
export const SLOW_MARKER = '[slow]';
export const SLOW_JOB_MS = 2_000;

export interface ItemContent {
  title: string;
  body: string;
}

export interface ComputedResult {
  wordCount: number;
  characterCount: number;
  titleUppercase: string;
  sha256: string;
}

export class MarkedFailureError extends Error {
  constructor() {
    super(`the item's title carries the ${FAILURE_MARKER} marker, so this job always fails`);
    this.name = 'MarkedFailureError';
  }
}

export function computeItemResult(item: ItemContent): ComputedResult {
  if (item.title.includes(FAILURE_MARKER)) throw new MarkedFailureError();
  const text = `${item.title} ${item.body}`.trim();
  return {
    wordCount: text === '' ? 0 : text.split(/\s+/u).length,
    characterCount: [...item.title].length + [...item.body].length,
    titleUppercase: item.title.toUpperCase(),
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    sha256: createHash('sha256').update(`${item.title}\n${item.body}`).digest('hex'),
  };
}

export function isSlowItem(item: ItemContent): boolean {
  return item.title.includes(SLOW_MARKER);
}
