import { describe, expect, it } from 'vitest';
import { backendLabel, belongsToBackend, dockerLabelList, stackLabels } from '../../scripts/naming/labels.ts';

describe('stack labels', () => {
  const identity = { slug: 'feature-x', branch: 'feature/X', runId: 'r1', expiresAt: new Date('2026-11-26T00:00:00Z') };

  it('carries stack, branch, run and expiry', () => {
    expect(stackLabels(identity, 'file:///state')).toEqual({
      'ephemeral.stack': 'feature-x',
      'ephemeral.branch': 'feature/X',
      'ephemeral.run': 'r1',
      'ephemeral.expires': '2026-11-26T00:00:00.000Z',
      'ephemeral.backend': backendLabel('file:///state'),
    });
  });

  it('names the state backend by a hash that hides a password in its URL', () => {
    const label = backendLabel('postgres://team:s3cret@127.0.0.1/state');
    expect(label).toMatch(/^[0-9a-f]{12}$/);
    expect(label).not.toBe(backendLabel('postgres://team:s3cret@127.0.0.1/other'));
    // A rotated password is the same backend.
    expect(label).toBe(backendLabel('postgres://team:rotated@127.0.0.1/state'));
  });

  it('leaves objects of another backend to that backend; unlabelled ones are a file backend\'s, never a shared one\'s', () => {
    const labels = stackLabels(identity, 'file:///one');
    expect(belongsToBackend(labels, 'file:///one')).toBe(true);
    expect(belongsToBackend(labels, 'file:///two')).toBe(false);
    expect(belongsToBackend({ 'ephemeral.stack': 'x' }, 'file:///two')).toBe(true);
    expect(belongsToBackend({ 'ephemeral.stack': 'x' }, 'postgres://team:s@db/state')).toBe(false);
    expect(belongsToBackend(labels, 'postgres://team:s@db/state')).toBe(false);
  });

  it('says never for an environment without expiry', () => {
    expect(stackLabels({ ...identity, expiresAt: undefined }, 'file:///state')['ephemeral.expires']).toBe('never');
  });

  it('converts to the list form @pulumi/docker takes', () => {
    expect(dockerLabelList({ a: '1' })).toEqual([{ label: 'a', value: '1' }]);
  });
});
