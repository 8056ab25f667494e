// Which pods stand for a service's replicas in the suites on Kubernetes: serving ones in
// a stable order, and after a restart the ready replacement, never the deleted pod.
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { notServingSummary, podView, type PodView, replacementReplica, servingReplicas } from '../../tests/env/support/pod-choice.ts';
import { tableLockScript } from '../../tests/env/support/database.ts';

function pod(name: string, createdAt: number, state: Partial<Omit<PodView, 'name' | 'createdAt'>> = {}): PodView {
  return { name, createdAt, deleting: false, running: true, ready: true, waiting: [], ...state };
}

describe('podView', () => {
  it('reads name, age, deletion, phase, the Ready condition and waiting reasons', () => {
    const v1: V1Pod = {
      metadata: { name: 'api-7d9-abcde', creationTimestamp: new Date('2026-12-03T10:00:00Z'), deletionTimestamp: new Date('2026-12-03T10:05:00Z') },
      status: {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
        containerStatuses: [{ name: 'api', image: 'app', imageID: '', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    };
    expect(podView(v1)).toEqual({
      name: 'api-7d9-abcde',
      createdAt: Date.parse('2026-12-03T10:00:00Z'),
      deleting: true,
      running: true,
      ready: false,
      waiting: ['api: CrashLoopBackOff'],
    });
  });

  it('takes a pod the API says little about for one that does not serve', () => {
    expect(podView({})).toEqual({ name: '', createdAt: 0, deleting: false, running: false, ready: false, waiting: [] });
    expect(servingReplicas([podView({})])).toEqual([]);
  });
});

describe('servingReplicas', () => {
  it('keeps running, ready pods that are not being deleted, oldest first, ties by name', () => {
    const pods = [
      pod('api-c', 3),
      pod('api-b', 1),
      pod('api-a', 1),
      pod('api-deleting', 0, { deleting: true }),
      pod('api-starting', 2, { ready: false }),
      pod('api-pending', 2, { running: false, ready: false }),
    ];
    expect(servingReplicas(pods)).toEqual(['api-a', 'api-b', 'api-c']);
  });
});

describe('replacementReplica', () => {
  const before = ['api-a', 'api-b'];

  it('is nothing while the replacement is not ready, even when the deleted pod still shows', () => {
    expect(replacementReplica(before, [pod('api-a', 1), pod('api-b', 2, { deleting: true }), pod('api-c', 9, { ready: false })])).toBeUndefined();
  });

  it('is the new ready pod, never one that was there before', () => {
    expect(replacementReplica(before, [pod('api-a', 1), pod('api-b', 2, { deleting: true }), pod('api-c', 9)])).toBe('api-c');
    expect(replacementReplica(before, [pod('api-a', 1), pod('api-b', 2)])).toBeUndefined();
  });

  it('is the newest of several new ready pods', () => {
    expect(replacementReplica(before, [pod('api-d', 10), pod('api-c', 12), pod('api-a', 1)])).toBe('api-c');
  });
});

describe('notServingSummary', () => {
  it('names each pod that does not serve and why', () => {
    expect(notServingSummary([pod('api-a', 1), pod('api-b', 2, { deleting: true }), pod('api-c', 3, { running: false, ready: false, waiting: ['api: ErrImageNeverPull'] })])).toBe(
      'api-b (deleting), api-c (not running; api: ErrImageNeverPull)',
    );
    expect(notServingSummary([pod('api-a', 1)])).toBe('no pod is waiting');
  });
});

describe('tableLockScript', () => {
  it('locks a plain table name for the given seconds and marks the moment it holds it', () => {
    expect(tableLockScript('items', 3)).toBe("BEGIN;\nLOCK TABLE items IN SHARE ROW EXCLUSIVE MODE;\nSELECT 'lock-held';\nSELECT pg_sleep(3);\nCOMMIT;\n");
  });

  it('refuses anything but a plain table name', () => {
    expect(() => tableLockScript('items; DROP TABLE users', 3)).toThrow(/not a plain table name/);
  });
});
