import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../../scripts/config/run-options.ts';
import { EphemeralError } from '../../scripts/errors.ts';

const git = { branch: 'feature/x', shortCommit: 'abc1234' };

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EphemeralError);
    expect((error as EphemeralError).exitCode).toBe(64);
    return `${(error as EphemeralError).message} | ${(error as EphemeralError).remedy}`;
  }
  throw new Error('expected a usage error');
}

describe('resolveRunOptions', () => {
  it('defaults to docker, no keep, 24h TTL and the checkout branch', () => {
    expect(resolveRunOptions({}, {}, git)).toMatchObject({ branch: 'feature/x', target: 'docker', keep: false, ttlMs: 86_400_000, concurrency: 'wait' });
    expect(resolveRunOptions({}, {}, git).artifactsRoot).toMatch(/\/artifacts$/);
  });

  it('rejects an empty branch with the fix', () => {
    expect(usageMessage(() => resolveRunOptions({ branch: '  ' }, {}, git))).toMatch(/empty.*--branch/);
  });

  it('rejects an unknown target and lists the valid ones', () => {
    expect(usageMessage(() => resolveRunOptions({ target: 'nomad' }, {}, git))).toMatch(/unknown target "nomad".*--target docker/);
  });

  it('rejects a bad TTL with an example', () => {
    expect(usageMessage(() => resolveRunOptions({ ttl: 'soon' }, {}, git))).toMatch(/bad --ttl "soon".*24h/);
  });

  it('rejects an unknown concurrency mode', () => {
    expect(usageMessage(() => resolveRunOptions({ concurrency: 'maybe' }, {}, git))).toMatch(/--concurrency wait/);
  });

  it('asks for --branch when nothing names one', () => {
    expect(usageMessage(() => resolveRunOptions({}, {}, { branch: undefined, shortCommit: undefined }))).toMatch(/--branch/);
  });
});
