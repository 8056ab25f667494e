// Tokens the api must refuse, built from a real one: a tampered payload under the original
// signature, a foreign key, no algorithm at all, and plain garbage.
import { createHmac, randomBytes } from 'node:crypto';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodePart(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The real token's payload with `changes` applied, still carrying the real signature. */
export function tamperedToken(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  return [header, encode({ ...decodePart(payload), ...changes }), signature].join('.');
}

/** The real token's claims, validly signed with HS256 under a key the api has never seen. */
export function tokenSignedWithForeignKey(token: string): string {
  const [header, payload] = token.split('.');
  const signingInput = `${header}.${payload}`;
  const signature = createHmac('sha256', randomBytes(32)).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The real token's claims under `alg: none` and no signature. */
export function unsignedToken(token: string): string {
  const [, payload] = token.split('.');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`;
}
