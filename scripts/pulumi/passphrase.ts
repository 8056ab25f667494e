// The passphrase that encrypts stack secrets on the file backend: generated once per
// machine, kept in a file only its owner can read, passed by path and never printed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CachePaths, Env } from '../toolchain/cache-paths.ts';

export function passphraseFile(paths: CachePaths, env: Env): string {
  const configured = env['PULUMI_CONFIG_PASSPHRASE_FILE'];
  if (configured) return configured;
  const file = join(paths.root, 'passphrase');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return file;
}
