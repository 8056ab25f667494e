import { describe, expect, it } from 'vitest';
import { isTransient, retryTransient } from '../../scripts/lifecycle/retry-transient.ts';

const options = () => ({ retries: 2, signal: new AbortController().signal, progress: () => {} });

describe('retryTransient', () => {
  it('retries a transient error and returns the later success', async () => {
    let calls = 0;
    const result = await retryTransient(
      'build',
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('read: connection reset by peer');
        return 'ok';
      },
      options(),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });

  it('does not retry an ordinary error', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        'build',
        async () => {
          calls += 1;
          throw new Error('Dockerfile parse error');
        },
        options(),
      ),
    ).rejects.toThrow('Dockerfile parse error');
    expect(calls).toBe(1);
  });

  it('gives up after the bound and logs each attempt', async () => {
    const lines: string[] = [];
    await expect(
      retryTransient('build', async () => Promise.reject(new Error('TLS handshake timeout')), { ...options(), progress: (line) => lines.push(line) }),
    ).rejects.toThrow('TLS handshake timeout');
    expect(lines).toHaveLength(3);
  });

  it('recognises transient errors in a child process stderr', () => {
    expect(isTransient(Object.assign(new Error('failed'), { stderr: 'dial unix: i/o timeout' }))).toBe(true);
    expect(isTransient(new Error('exit 1'))).toBe(false);
  });
});
