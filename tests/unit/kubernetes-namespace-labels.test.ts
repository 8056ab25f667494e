// The stack's labels survive the trip through a namespace: what a label cannot hold goes
// in an annotation (infra side), and `list`/`gc` read one map back (driver side).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitStackLabels } from '../../infra/kubernetes/metadata.ts';
import { stackLabelsOf } from '../../scripts/kubernetes/labelled-namespaces.ts';

describe('stack labels on a namespace', () => {
  it('come back whole, whatever the branch and expiry', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 250 }), fc.option(fc.date({ noInvalidDate: true })), (branch, expires) => {
        const labels = {
          'ephemeral.stack': 'feat-x',
          'ephemeral.branch': branch,
          'ephemeral.run': '20261203-101500-ab12',
          'ephemeral.expires': expires ? expires.toISOString() : 'never',
        };
        const { labels: onLabels, annotations } = splitStackLabels(labels);
        expect(stackLabelsOf({ metadata: { labels: onLabels, annotations } })).toEqual(labels);
      }),
    );
  });

  it('ignore labels and annotations that are not the stack\'s', () => {
    const namespace = { metadata: { labels: { 'ephemeral.stack': 'a', 'kubernetes.io/metadata.name': 'a' }, annotations: { 'other/x': 'y' } } };
    expect(stackLabelsOf(namespace)).toEqual({ 'ephemeral.stack': 'a' });
  });
});
