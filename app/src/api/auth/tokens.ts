// Signed, expiring access tokens (JWT, HS256 via jose). The audience is the stack name,
// so a token minted by one environment is refused by every other.
import { SignJWT, jwtVerify, errors } from 'jose';

export type Role = 'user' | 'admin';

export interface TokenSubject {
  id: string;
  email: string;
  role: Role;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export interface TokenService {
  issue(subject: TokenSubject): Promise<IssuedToken>;
  /** Returns the token's user id; throws InvalidTokenError for a bad, foreign or expired token. */
  verify(token: string): Promise<string>;
}

export interface TokenServiceOptions {
  secret: string;
  ttlSeconds: number;
  audience: string;
  now?: () => Date;
}

const ISSUER = 'ephemeral-reference-app';

export class InvalidTokenError extends Error {
  readonly reason: 'expired' | 'invalid';

  constructor(reason: 'expired' | 'invalid', cause?: unknown) {
    super(reason === 'expired' ? 'token expired' : 'token invalid', { cause });
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  const key = new TextEncoder().encode(options.secret);
  const now = options.now ?? (() => new Date());

  return {
    async issue(subject) {
      const issuedAt = Math.floor(now().getTime() / 1_000);
      const expiresAt = issuedAt + options.ttlSeconds;
      const token = await new SignJWT({ email: subject.email, role: subject.role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject.id)
        .setIssuer(ISSUER)
        .setAudience(options.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1_000).toISOString() };
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: options.audience,
          currentDate: now(),
          requiredClaims: ['sub', 'exp'],
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('token has no subject');
        return payload.sub;
      } catch (error) {
        throw new InvalidTokenError(error instanceof errors.JWTExpired ? 'expired' : 'invalid', error);
      }
    },
  };
}
