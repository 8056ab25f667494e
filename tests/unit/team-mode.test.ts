// The pure parts of team mode: the lease verdict, what a postgres:// URL means to the
// tool, the passphrase check, who a runner is, and gc's plan for other hosts.
import { describe, expect, it } from 'vitest';
import { describeLease, judgeLock, leaseMs, heartbeatMs } from '../../scripts/coordination/lease.ts';
import { matchesPassphraseCheck, passphraseCheckValue, sharedPassphrase } from '../../scripts/coordination/passphrase-check.ts';
import { isPostgresBackend, postgresSettings } from '../../scripts/coordination/postgres-settings.ts';
import { describeRunner, runnerIdentity } from '../../scripts/coordination/runner-identity.ts';
import { describeBackendUrl, withoutPassword } from '../../scripts/config/state-backend.ts';
import type { EnvironmentRecord } from '../../scripts/environments/environment-record.ts';
import { planGc, unreachableLine } from '../../scripts/environments/plan-gc.ts';
import { EphemeralError, ExitCode } from '../../scripts/errors.ts';

const now = new Date('2026-12-03T12:00:00Z');
const inSeconds = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('lease', () => {
  const facts = { now, holderHost: 'runner-1', thisHost: 'runner-2', holderAlive: undefined };

  it('is free without a row, held while the lease runs, takeable once it ran out', () => {
    expect(judgeLock({ ...facts, expiresAt: undefined })).toBe('free');
    expect(judgeLock({ ...facts, expiresAt: inSeconds(1) })).toBe('held');
    expect(judgeLock({ ...facts, expiresAt: inSeconds(0) })).toBe('lease expired');
    expect(judgeLock({ ...facts, expiresAt: inSeconds(-30) })).toBe('lease expired');
  });

  it('frees a live lease at once only when its holder is a dead process on this host', () => {
    expect(judgeLock({ ...facts, expiresAt: inSeconds(10), holderHost: 'runner-2', holderAlive: false })).toBe('holder died');
    expect(judgeLock({ ...facts, expiresAt: inSeconds(10), holderHost: 'runner-2', holderAlive: true })).toBe('held');
    // A holder elsewhere cannot be checked: only its lease counts, whatever a pid here says.
    expect(judgeLock({ ...facts, expiresAt: inSeconds(10), holderAlive: false })).toBe('held');
  });

  it('renews often enough that one lost heartbeat never loses the lock', () => {
    expect(leaseMs / heartbeatMs).toBeGreaterThanOrEqual(3);
  });

  it('says when the lease ends', () => {
    expect(describeLease(inSeconds(11.2), now)).toBe('lease ends in 12 s unless renewed');
    expect(describeLease(inSeconds(-1), now)).toBe('lease expired');
  });
});

describe('postgres backend URL', () => {
  it('recognises postgres URLs only', () => {
    expect(isPostgresBackend('postgres://u:p@db:5432/state')).toBe(true);
    expect(isPostgresBackend('file:///state')).toBe(false);
    expect(isPostgresBackend('s3://bucket')).toBe(false);
  });

  it('keeps the connection, drops Pulumi\'s table parameter, and names the tool\'s tables after it', () => {
    const plain = postgresSettings('postgres://team:s3cret@db.internal:5432/state?sslmode=disable');
    expect(plain.connectionString).toBe('postgres://team:s3cret@db.internal:5432/state?sslmode=disable');
    expect(plain.tables).toEqual({ locks: 'ephemeral_locks', environments: 'ephemeral_environments', meta: 'ephemeral_meta' });
    const own = postgresSettings('postgres://team:s3cret@db:5432/state?table=team_a&sslmode=disable');
    expect(own.connectionString).toBe('postgres://team:s3cret@db:5432/state?sslmode=disable');
    expect(own.tables.locks).toBe('team_a_ephemeral_locks');
  });

  it('refuses, with exit 64, a URL without a database or with a table name that is not a plain identifier', () => {
    for (const url of ['postgres://team@db:5432', 'postgres://team@db/state?table=x;drop', 'postgres://']) {
      const error = (() => {
        try {
          postgresSettings(url);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, url).toBeInstanceOf(EphemeralError);
      expect((error as EphemeralError).exitCode).toBe(ExitCode.usage);
    }
  });

  it('identifies the backend without its password and hides it in messages', () => {
    expect(withoutPassword('postgres://team:s3cret@db:5432/state')).toBe('postgres://team@db:5432/state');
    expect(describeBackendUrl('postgres://team:s3cret@db:5432/state')).toBe('postgres://team:[secret]@db:5432/state');
    expect(withoutPassword('file:///root/.cache/state')).toBe('file:///root/.cache/state');
  });
});

describe('passphrase check', () => {
  it('matches the passphrase it was made from and no other', () => {
    const stored = passphraseCheckValue('team secret');
    expect(stored).not.toContain('team secret');
    expect(matchesPassphraseCheck('team secret', stored)).toBe(true);
    expect(matchesPassphraseCheck('team secreT', stored)).toBe(false);
    expect(matchesPassphraseCheck('', stored)).toBe(false);
  });

  it('salts each value, and refuses a value it cannot read', () => {
    expect(passphraseCheckValue('x')).not.toBe(passphraseCheckValue('x'));
    expect(matchesPassphraseCheck('x', 'plain:abc')).toBe(false);
    expect(matchesPassphraseCheck('x', 'scrypt:AAAA:AAAA')).toBe(false);
  });

  it('needs a passphrase from the environment: missing is exit 64 naming the setting', () => {
    expect(sharedPassphrase({ PULUMI_CONFIG_PASSPHRASE: 'p' }, 'db')).toBe('p');
    try {
      sharedPassphrase({}, 'postgres://team:[secret]@db/state');
      expect.unreachable();
    } catch (error) {
      expect((error as EphemeralError).exitCode).toBe(ExitCode.usage);
      expect((error as EphemeralError).message).toContain('PULUMI_CONFIG_PASSPHRASE is not set');
      expect((error as EphemeralError).remedy).toContain('secret');
    }
  });
});

describe('runner identity', () => {
  it('is the CI runner name when there is one, else the host', () => {
    expect(runnerIdentity({ EPHEMERAL_RUNNER_ID: 'r-7', RUNNER_NAME: 'gh-3' }, 'vm1')).toEqual({ runner: 'r-7', host: 'vm1' });
    expect(runnerIdentity({ RUNNER_NAME: 'gh-3' }, 'vm1')).toEqual({ runner: 'gh-3', host: 'vm1' });
    expect(runnerIdentity({}, 'vm1')).toEqual({ runner: 'vm1', host: 'vm1' });
    expect(describeRunner({ runner: 'gh-3', host: 'vm1' })).toBe('runner gh-3 on vm1');
    expect(describeRunner({ runner: 'vm1', host: 'vm1' })).toBe('host vm1');
  });
});

describe('gc across hosts', () => {
  const record = (slug: string, host: string, target: 'docker' | 'kubernetes' = 'docker'): EnvironmentRecord => ({
    slug, branch: slug, runId: 'r', kept: false, createdAt: '2026-12-03T00:00:00Z', expiresAt: null, target, owner: { runner: host, host },
  });
  const base = { now, busy: new Set<string>(), labelledSlugs: [] as string[], host: 'vm1' };

  it('reclaims its own host\'s abandoned Docker environment and reports another host\'s', () => {
    const actions = planGc({ ...base, stacks: ['mine', 'theirs'], records: [record('mine', 'vm1'), record('theirs', 'vm2')] });
    expect(actions).toEqual([
      { slug: 'mine', kind: 'destroy-stack', reason: 'abandoned run' },
      { slug: 'theirs', kind: 'unreachable', reason: 'abandoned run', host: 'vm2' },
    ]);
    expect(unreachableLine(actions[1]!)).toBe('gc: theirs (abandoned run) belongs to host vm2, not reachable from here: run gc there');
  });

  it('reclaims a cluster environment from any runner, and leaves one a live lease holds', () => {
    expect(planGc({ ...base, stacks: ['k8s'], records: [record('k8s', 'vm2', 'kubernetes')] })).toEqual([{ slug: 'k8s', kind: 'destroy-stack', reason: 'abandoned run' }]);
    expect(planGc({ ...base, stacks: ['theirs'], records: [record('theirs', 'vm2')], busy: new Set(['theirs']) })).toEqual([]);
  });
});
