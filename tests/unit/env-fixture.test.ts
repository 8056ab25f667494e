// The env suites' fixture and test ids: what the driver hands over is validated with
// messages that name fields, never values; test ids are safe file names, unique and stable.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allContainers, linesWithTestId, renderLogSlice } from '../../scripts/suites/log-slices.ts';
import { servicesWithoutLiveContainer } from '../../scripts/suites/service-state.ts';
import { FixtureError, loadEnvironmentFixture } from '../../tests/env/fixture.ts';
import { testIdFor } from '../../tests/env/support/test-id.ts';

const outputs = {
  stackName: 'feature-x',
  webUrl: 'http://127.0.0.1:32001',
  apiUrl: 'http://127.0.0.1:32000',
  adminEmail: 'admin@example.test',
  adminPassword: 'generated-secret-value',
  services: { api: ['feature-x-api-1'], worker: ['feature-x-worker-1'], web: ['feature-x-web'] },
  networks: { private: 'feature-x-private', edge: 'feature-x-edge' },
};

function withOutputs(value: unknown): { EPHEMERAL_OUTPUTS: string; EPHEMERAL_ARTIFACTS_DIR: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fixture-'));
  const file = join(dir, 'outputs.json');
  writeFileSync(file, JSON.stringify(value), { mode: 0o600 });
  return { EPHEMERAL_OUTPUTS: file, EPHEMERAL_ARTIFACTS_DIR: dir };
}

describe('loadEnvironmentFixture', () => {
  it('reads and validates the outputs', () => {
    const env = withOutputs(outputs);
    expect(loadEnvironmentFixture(env)).toEqual({ outputs, artifactsDir: env.EPHEMERAL_ARTIFACTS_DIR });
  });

  it('says which variable is missing and how to get it set', () => {
    expect(() => loadEnvironmentFixture({})).toThrow(/EPHEMERAL_OUTPUTS is not set: run the suites through/);
    expect(() => loadEnvironmentFixture({ EPHEMERAL_OUTPUTS: '/x' })).toThrow(/EPHEMERAL_ARTIFACTS_DIR is not set/);
  });

  it('names the bad fields and never echoes a value', () => {
    const env = withOutputs({ ...outputs, webUrl: 'not a url', adminPassword: '' });
    let message = '';
    try {
      loadEnvironmentFixture(env);
    } catch (error) {
      expect(error).toBeInstanceOf(FixtureError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/incomplete or malformed: webUrl, adminPassword$/);
    expect(message).not.toContain('not a url');
  });

  it('refuses an artifacts dir that does not exist', () => {
    const env = withOutputs(outputs);
    expect(() => loadEnvironmentFixture({ ...env, EPHEMERAL_ARTIFACTS_DIR: join(env.EPHEMERAL_ARTIFACTS_DIR, 'nope') })).toThrow(/is not a directory/);
  });
});

describe('testIdFor', () => {
  it('reads as the file and the test, with a hash', () => {
    expect(testIdFor('/work/main/tests/env/queue.test.ts', ['item jobs > a [fail] job is retried'])).toMatch(/^queue-item-jobs-a-fail-job-is-retried-[0-9a-f]{8}$/);
  });

  it('is a safe file name of bounded length, stable, and differs for different tests', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '-', ' ', '.', 'Z', '9'), maxLength: 80 }), fc.array(fc.string(), { minLength: 1, maxLength: 3 }), fc.string(), (file, titles, other) => {
        const id = testIdFor(`${file}.test.ts`, titles);
        const otherId = testIdFor(`${file}.test.ts`, [...titles, other]);
        return /^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(id) && id.length <= 82 && id === testIdFor(`${file}.test.ts`, titles) && id !== otherId;
      }),
    );
  });
});

describe('log slices', () => {
  const log = ['{"testId":"queue-a-11111111","msg":"one"}', '{"testId":"queue-a-22222222","msg":"two"}', '{"testId":"queue-a-11111111","level":"warn"}'].join('\n');

  it("keep exactly the lines with the test's id, optionally filtered", () => {
    expect(linesWithTestId(log, 'queue-a-11111111')).toHaveLength(2);
    expect(linesWithTestId(log, 'queue-a-11111111', (line) => line.includes('warn'))).toEqual(['{"testId":"queue-a-11111111","level":"warn"}']);
    expect(linesWithTestId(log, 'queue-a-11111111', undefined, 1)).toEqual(['{"testId":"queue-a-11111111","msg":"one"}', '… 1 more lines']);
  });

  it('say so for a container that logged nothing for the test', () => {
    const text = renderLogSlice('tests/env/queue.test.ts > a', 'queue-a-11111111', [
      { container: 'x-api-1', lines: ['l1'] },
      { container: 'x-worker-1', lines: [] },
    ]);
    expect(text).toContain('== x-api-1: 1 line\nl1');
    expect(text).toContain('== x-worker-1: no line with this id');
  });

  it('cover every container of every service', () => {
    expect(allContainers(outputs.services)).toEqual(['feature-x-api-1', 'feature-x-web', 'feature-x-worker-1']);
  });
});

describe('servicesWithoutLiveContainer', () => {
  it('names a service with no container or none running, but not a one-shot job that exited 0', () => {
    const services = { api: ['a-1', 'a-2'], worker: [], web: ['w'], migrate: ['m'] };
    const states = new Map([
      ['a-2', { running: true, done: false }],
      ['w', { running: false, done: false }],
      ['m', { running: false, done: true }],
    ]);
    expect(servicesWithoutLiveContainer(services, states)).toEqual(['web', 'worker']);
  });
});
