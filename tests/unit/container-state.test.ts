import { describe, expect, it } from 'vitest';
import { type ContainerState, containerStateOf, healthCommandOf, judgeContainer } from '../../scripts/readiness/container-state.ts';

const inspected = (name: string, state: { Status: string; ExitCode: number; StartedAt?: string; Health?: { Status: string; Log?: Array<{ Output?: string }> } }, healthcheck: { Test: string[]; Timeout: number } | null = null) => ({
  Name: `/${name}`,
  State: state,
  Config: { Healthcheck: healthcheck },
});

const probe = ['pg_isready', '--host=127.0.0.1'];
const state = (status: string, health: string | undefined, exitCode = 0, healthCommand: string[] | null = probe): ContainerState => ({
  name: 'n',
  status,
  exitCode,
  health,
  lastProbe: undefined,
  healthCommand: healthCommand ?? undefined,
  healthTimeoutMs: 3000,
  startedAt: undefined,
});

describe('container state', () => {
  it('reads name, status, exit code, health, the last probe output and the check itself', () => {
    const parsed = containerStateOf(
      inspected('x-db', { Status: 'running', ExitCode: 0, StartedAt: '2026-11-25T06:13:09.5Z', Health: { Status: 'unhealthy', Log: [{ Output: 'a' }, { Output: 'refused\n' }] } }, { Test: ['CMD', ...probe], Timeout: 3e9 }),
    );
    expect(parsed).toEqual({ name: 'x-db', status: 'running', exitCode: 0, health: 'unhealthy', lastProbe: 'refused', healthCommand: probe, healthTimeoutMs: 3000, startedAt: Date.parse('2026-11-25T06:13:09.5Z') });
  });

  it('knows a container that never started', () => {
    const parsed = containerStateOf(inspected('x-api', { Status: 'created', ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z' }));
    expect(parsed.startedAt).toBeUndefined();
  });

  it('runs a CMD check as its argv, a CMD-SHELL one through sh -c, and knows none', () => {
    expect(healthCommandOf(['CMD', 'bash', '-c', 'true'])).toEqual(['bash', '-c', 'true']);
    expect(healthCommandOf(['CMD-SHELL', 'redis-cli ping | grep -q PONG'])).toEqual(['/bin/sh', '-c', 'redis-cli ping | grep -q PONG']);
    expect(healthCommandOf(['NONE'])).toBeUndefined();
    expect(healthCommandOf(null)).toBeUndefined();
  });

  it('is ready when healthy, probes while starting, failed when unhealthy or exited', () => {
    expect(judgeContainer(state('running', 'healthy'), false).kind).toBe('ready');
    expect(judgeContainer(state('running', 'starting'), false)).toEqual({ kind: 'probe', command: probe });
    expect(judgeContainer(state('created', 'starting'), false).kind).toBe('waiting');
    expect(judgeContainer(undefined, false).kind).toBe('waiting');
    expect(judgeContainer(state('running', 'unhealthy'), false).kind).toBe('failed');
    expect(judgeContainer(state('exited', 'starting', 1), false).kind).toBe('failed');
  });

  it('fails a long-running service that has no health check', () => {
    const verdict = judgeContainer(state('running', undefined, 0, null), false);
    expect(verdict.kind).toBe('failed');
    expect(verdict.kind === 'failed' ? verdict.reason : '').toMatch(/^has no health check \(.*give it one\)$/);
  });

  it('takes a one-shot (or a container without a check that exited) as ready only when it exited 0', () => {
    expect(judgeContainer(state('running', undefined, 0, null), true).kind).toBe('waiting');
    expect(judgeContainer(state('exited', undefined, 0, null), true).kind).toBe('ready');
    expect(judgeContainer(state('exited', undefined, 0, null), false).kind).toBe('ready');
    expect(judgeContainer(state('exited', undefined, 3, null), false)).toEqual({ kind: 'failed', reason: 'exited with 3' });
  });
});
