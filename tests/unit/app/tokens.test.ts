// Access tokens: HS256 JWTs that verify only with the same secret and audience, until they expire.
import { describe, expect, it } from 'vitest';
import { createTokenService, InvalidTokenError } from '../../../app/src/api/auth/tokens.ts';

const secret = 'test-secret-0123456789abcdef0123456789';
const subject = { id: '6f1c1f3e-8a43-4a3a-9b7e-2a1f0c4d5e6f', email: 'alice@example.test', role: 'user' as const };
const at = (iso: string) => () => new Date(iso);

describe('token service', () => {
  it('verifies a token it issued and returns the user id', async () => {
    const tokens = createTokenService({ secret, ttlSeconds: 3_600, audience: 'stack-a' });
    const { token } = await tokens.issue(subject);
    expect(await tokens.verify(token)).toBe(subject.id);
  });

  it('reports the expiry time as ISO-8601, TTL seconds after issuing', async () => {
    const tokens = createTokenService({ secret, ttlSeconds: 60, audience: 'a', now: at('2030-01-01T00:00:00Z') });
    expect((await tokens.issue(subject)).expiresAt).toBe('2030-01-01T00:01:00.000Z');
  });

  it('rejects a token after it expired, with reason "expired"', async () => {
    const issuer = createTokenService({ secret, ttlSeconds: 60, audience: 'a', now: at('2030-01-01T00:00:00Z') });
    const later = createTokenService({ secret, ttlSeconds: 60, audience: 'a', now: at('2030-01-01T00:01:01Z') });
    const { token } = await issuer.issue(subject);
    const error = await later.verify(token).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe('expired');
  });

  it('still accepts a token one second before it expires', async () => {
    const issuer = createTokenService({ secret, ttlSeconds: 60, audience: 'a', now: at('2030-01-01T00:00:00Z') });
    const later = createTokenService({ secret, ttlSeconds: 60, audience: 'a', now: at('2030-01-01T00:00:59Z') });
    expect(await later.verify((await issuer.issue(subject)).token)).toBe(subject.id);
  });

  it('rejects a token signed with another secret', async () => {
    const other = createTokenService({ secret: `${secret}-other`, ttlSeconds: 60, audience: 'a' });
    const tokens = createTokenService({ secret, ttlSeconds: 60, audience: 'a' });
    await expect(tokens.verify((await other.issue(subject)).token)).rejects.toMatchObject({ reason: 'invalid' });
  });

  it('rejects a token minted for another stack (audience)', async () => {
    const stackA = createTokenService({ secret, ttlSeconds: 60, audience: 'stack-a' });
    const stackB = createTokenService({ secret, ttlSeconds: 60, audience: 'stack-b' });
    await expect(stackB.verify((await stackA.issue(subject)).token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('rejects a tampered payload', async () => {
    const tokens = createTokenService({ secret, ttlSeconds: 60, audience: 'a' });
    const [header, , signature] = (await tokens.issue(subject)).token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', role: 'admin' })).toString('base64url');
    await expect(tokens.verify(`${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('rejects garbage', async () => {
    const tokens = createTokenService({ secret, ttlSeconds: 60, audience: 'a' });
    await expect(tokens.verify('not-a-token')).rejects.toMatchObject({ reason: 'invalid' });
  });
});
