// The worker's computation: deterministic for equal input, and failing on the [fail] marker.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeItemResult, isSlowItem, MarkedFailureError } from '../../../app/src/worker/compute-result.ts';

describe('computeItemResult', () => {
  it('counts words across title and body', () => {
    expect(computeItemResult({ title: 'Hello world', body: 'three more  words\n' }).wordCount).toBe(5);
  });

  it('counts zero words for blank content', () => {
    expect(computeItemResult({ title: ' ', body: '' }).wordCount).toBe(0);
  });

  it('upper-cases the title', () => {
    expect(computeItemResult({ title: 'Straße café', body: '' }).titleUppercase).toBe('STRASSE CAFÉ');
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(computeItemResult({ title: '😀', body: 'ab' }).characterCount).toBe(3);
  });

  it('hashes title and body with a separator', () => {
    const expected = createHash('sha256').update('a\nbc').digest('hex');
    expect(computeItemResult({ title: 'a', body: 'bc' }).sha256).toBe(expected);
    expect(computeItemResult({ title: 'ab', body: 'c' }).sha256).not.toBe(expected);
  });

  it('gives equal results for equal items', () => {
    const item = { title: 'Same', body: 'content here' };
    expect(computeItemResult(item)).toEqual(computeItemResult({ ...item }));
  });

  it('always fails for a title carrying [fail]', () => {
    expect(() => computeItemResult({ title: 'Broken [fail] item', body: '' })).toThrow(MarkedFailureError);
  });

  it('recognises the [slow] marker', () => {
    expect(isSlowItem({ title: 'a [slow] one', body: '' })).toBe(true);
    expect(isSlowItem({ title: 'a slow one', body: '' })).toBe(false);
  });
});
