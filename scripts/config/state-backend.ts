// Where stack state lives: PULUMI_BACKEND_URL when it is set (and not blank), else the
// local file backend under the cache. Every command resolves it here, so `doctor`
// checks the backend that `run` will use.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';

/** The backends the pinned CLI speaks: the DIY ones, and Pulumi Cloud (or a self-hosted service). */
const backendSchemes = ['file', 's3', 'gs', 'azblob', 'postgres', 'https', 'http'] as const;

export function resolveBackendUrl(env: Env, stateDir: string): string {
  const configured = env['PULUMI_BACKEND_URL'];
  if (configured === undefined) return `file://${stateDir}`;
  const scheme = /^([a-z0-9]+):\/\//.exec(configured)?.[1];
  if (!scheme || !(backendSchemes as readonly string[]).includes(scheme)) {
    throw usageError(
      `the state backend ${describeBackendUrl(configured)} (--backend or PULUMI_BACKEND_URL) is not a state backend URL`,
      `give one of ${backendSchemes.map((name) => `${name}://...`).join(', ')}, or neither --backend nor PULUMI_BACKEND_URL for the local file backend`,
    );
  }
  return configured;
}

/** The URL with its password left out, as an identity of the backend. */
export function withoutPassword(url: string): string {
  return url.replace(/^([a-z0-9]+:\/\/[^:/@]*):[^@/]*@/, '$1@');
}

/** The URL with any password hidden, for messages and reports. */
export function describeBackendUrl(url: string): string {
  return url.replace(/^([a-z0-9]+:\/\/[^:/@]*):[^@/]*@/, '$1:[secret]@');
}

export function isFileBackend(url: string): boolean {
  return url.startsWith('file://');
}

/** The folder of a file:// backend (`file://~/x` is under the home folder, as Pulumi reads it). */
export function fileBackendDir(url: string): string {
  const path = url.slice('file://'.length);
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}
