import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankSettings, dropBlankSettings, readEnvironment } from '../../scripts/config/environment.ts';
import { describeBackendUrl, fileBackendDir, resolveBackendUrl } from '../../scripts/config/state-backend.ts';
import { type EphemeralError, ExitCode } from '../../scripts/errors.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const stateDir = '/cache/state';

describe('environment settings', () => {
  it('treats an empty or blank value as unset', () => {
    expect(readEnvironment({ PULUMI_BACKEND_URL: '', EPHEMERAL_CACHE_DIR: '  ', GITHUB_HEAD_REF: '', CI: 'true' })).toEqual({ CI: 'true' });
  });

  it('names only the blank settings of the tool and the Pulumi CLI for removal from the process', () => {
    expect(blankSettings({ PULUMI_BACKEND_URL: '', PULUMI_CONFIG_PASSPHRASE: '', EPHEMERAL_TOOLCHAIN_SOURCE: ' ', GITHUB_HEAD_REF: '', PULUMI_HOME: '/x' }).sort()).toEqual(
      ['EPHEMERAL_TOOLCHAIN_SOURCE', 'PULUMI_BACKEND_URL', 'PULUMI_CONFIG_PASSPHRASE'],
    );
  });

  it('removes blank settings from the environment children inherit', () => {
    const env: NodeJS.ProcessEnv = { PULUMI_BACKEND_URL: '', PATH: '/bin', GITHUB_BASE_REF: '' };
    expect(dropBlankSettings(env)).toEqual({ PATH: '/bin' });
    expect('PULUMI_BACKEND_URL' in env).toBe(false);
    expect(env['GITHUB_BASE_REF']).toBe('');
  });
});

describe('state backend', () => {
  it('is the local file backend when PULUMI_BACKEND_URL is unset or empty', () => {
    expect(resolveBackendUrl({}, stateDir)).toBe('file:///cache/state');
    expect(resolveBackendUrl(readEnvironment({ PULUMI_BACKEND_URL: '' }), stateDir)).toBe('file:///cache/state');
  });

  it('takes a URL of a backend the CLI speaks', () => {
    for (const url of ['s3://bucket/team', 'postgres://u:p@127.0.0.1:5432/state', 'file:///srv/state', 'https://api.pulumi.com']) {
      expect(resolveBackendUrl({ PULUMI_BACKEND_URL: url }, stateDir)).toBe(url);
    }
  });

  it('refuses anything else with the fix, without printing a password', () => {
    expect(() => resolveBackendUrl({ PULUMI_BACKEND_URL: 'mysql://me:hunter22@db/state' }, stateDir)).toThrow(
      /the state backend mysql:\/\/me:\[secret\]@db\/state \(--backend or PULUMI_BACKEND_URL\) is not a state backend URL/,
    );
    try {
      resolveBackendUrl({ PULUMI_BACKEND_URL: '/just/a/path' }, stateDir);
      expect.unreachable('a path is not a backend URL');
    } catch (error) {
      expect((error as EphemeralError).exitCode).toBe(ExitCode.usage);
      expect((error as EphemeralError).remedy).toMatch(/file:\/\/\.\.\., .*neither --backend nor PULUMI_BACKEND_URL for the local file backend/);
    }
  });

  it('hides the password of a URL', () => {
    expect(describeBackendUrl('postgres://team:s3cr3t@127.0.0.1:5432/state')).toBe('postgres://team:[secret]@127.0.0.1:5432/state');
    expect(describeBackendUrl('s3://bucket')).toBe('s3://bucket');
  });

  it('reads a file backend folder as Pulumi does, ~ being the home folder', () => {
    expect(fileBackendDir('file:///srv/state')).toBe('/srv/state');
    expect(fileBackendDir('file://~/state')).toBe(join(homedir(), 'state'));
  });

  it('keeps records beside a file backend given by URL, and the cache default otherwise', () => {
    const base = { EPHEMERAL_CACHE_DIR: join(homedir(), '.cache', 'ephemeral-unit') };
    expect(createToolchainContext({ ...base, PULUMI_BACKEND_URL: '' }).backendUrl).toBe(`file://${join(base.EPHEMERAL_CACHE_DIR, 'state')}`);
    const elsewhere = createToolchainContext({ ...base, PULUMI_BACKEND_URL: 'file:///srv/team-state' });
    expect(elsewhere.paths.stateDir).toBe('/srv/team-state');
  });
});
