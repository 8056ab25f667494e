import { describe, expect, it } from 'vitest';
import { dockerLabelList, stackLabels } from '../../scripts/naming/labels.ts';

describe('stack labels', () => {
  const identity = { slug: 'feature-x', branch: 'feature/X', runId: 'r1', expiresAt: new Date('2026-11-26T00:00:00Z') };

  it('carries stack, branch, run and expiry', () => {
    expect(stackLabels(identity)).toEqual({
      'ephemeral.stack': 'feature-x',
      'ephemeral.branch': 'feature/X',
      'ephemeral.run': 'r1',
      'ephemeral.expires': '2026-11-26T00:00:00.000Z',
    });
  });

  it('says never for an environment without expiry', () => {
    expect(stackLabels({ ...identity, expiresAt: undefined })['ephemeral.expires']).toBe('never');
  });

  it('converts to the list form @pulumi/docker takes', () => {
    expect(dockerLabelList({ a: '1' })).toEqual([{ label: 'a', value: '1' }]);
  });
});
