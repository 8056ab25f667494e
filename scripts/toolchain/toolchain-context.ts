// Builds the context every toolchain component gets; the one place that reads the
// environment variables that steer the toolchain (blank values count as unset).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolchainContext } from '../components/component.ts';
import { readEnvironment } from '../config/environment.ts';
import { openCoordinationStore } from '../coordination/open-coordination-store.ts';
import { fileBackendDir, isFileBackend, resolveBackendUrl } from '../config/state-backend.ts';
import { usageError } from '../errors.ts';
import { type Env, resolveCachePaths } from './cache-paths.ts';
import { loadPins } from './pins.ts';

const toolchainSources = ['auto', 'official', 'go'] as const;

export function createToolchainContext(rawEnv: Env): ToolchainContext {
  const env = readEnvironment(rawEnv);
  const pins = loadPins();
  const defaults = resolveCachePaths(pins, env);
  const backendUrl = resolveBackendUrl(env, defaults.stateDir);
  // A file backend elsewhere keeps the tool's records beside its own state.
  const paths = isFileBackend(backendUrl) ? { ...defaults, stateDir: fileBackendDir(backendUrl) } : defaults;
  const source = env['EPHEMERAL_TOOLCHAIN_SOURCE'] ?? 'auto';
  if (!toolchainSources.includes(source as (typeof toolchainSources)[number])) {
    throw usageError(`EPHEMERAL_TOOLCHAIN_SOURCE=${source} is not a toolchain source`, 'set it to auto, official or go');
  }
  const logDir = join(paths.root, 'logs');
  mkdirSync(logDir, { recursive: true });
  return {
    pins,
    paths,
    env,
    backendUrl,
    // No connection yet: the PostgreSQL store connects on its first statement.
    coordination: openCoordinationStore(backendUrl, paths, env),
    canInstallSystemPackages: process.getuid?.() === 0 && existsSync('/usr/bin/apt-get'),
    toolchainSource: source as ToolchainContext['toolchainSource'],
    logDir,
  };
}
