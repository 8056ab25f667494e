// The check that every runner of a team uses the same passphrase: on first use the tool
// stores a salted scrypt hash of it in the shared database; later runs compare against
// it before they create anything, so a wrong passphrase is a usage error (exit 64), not
// a stack whose secrets no other runner can read. Pure apart from the random salt.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type EphemeralError, usageError } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';

const keyLength = 32;

export function passphraseCheckValue(passphrase: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt:${salt.toString('base64url')}:${scryptSync(passphrase, salt, keyLength).toString('base64url')}`;
}

export function matchesPassphraseCheck(passphrase: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(passphrase, Buffer.from(salt, 'base64url'), expected.length);
  return expected.length === keyLength && timingSafeEqual(expected, actual);
}

/** The passphrase as the Pulumi CLI will read it: PULUMI_CONFIG_PASSPHRASE, else the file PULUMI_CONFIG_PASSPHRASE_FILE names. */
export function sharedPassphrase(env: Env, location: string): string {
  const given = env['PULUMI_CONFIG_PASSPHRASE'];
  if (given !== undefined) return given;
  const file = env['PULUMI_CONFIG_PASSPHRASE_FILE'];
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw usageError(`PULUMI_CONFIG_PASSPHRASE_FILE=${file} cannot be read: ${(error as Error).message}`, 'point it at the file holding the team\'s passphrase, or set PULUMI_CONFIG_PASSPHRASE');
    }
  }
  throw missingPassphrase(location);
}

export function missingPassphrase(location: string): EphemeralError {
  return usageError(
    `the shared backend ${location} needs the team's passphrase, and PULUMI_CONFIG_PASSPHRASE is not set`,
    'set PULUMI_CONFIG_PASSPHRASE (in CI: from a secret) to the passphrase every runner of the team uses',
  );
}

export function wrongPassphrase(location: string): EphemeralError {
  return usageError(
    `PULUMI_CONFIG_PASSPHRASE is not the passphrase the shared backend ${location} was first used with`,
    'set PULUMI_CONFIG_PASSPHRASE to the team\'s passphrase (the CI secret the other runners use); nothing was created',
  );
}
