// Builds the context every toolchain component gets; the one place that reads the
// environment variables that steer the toolchain.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ToolchainContext } from '../components/component.ts';
import { usageError } from '../errors.ts';
import { type Env, resolveCachePaths } from './cache-paths.ts';
import { loadPins } from './pins.ts';

const toolchainSources = ['auto', 'official', 'go'] as const;

export function createToolchainContext(env: Env): ToolchainContext {
  const pins = loadPins();
  const paths = resolveCachePaths(pins, env);
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
    canInstallSystemPackages: process.getuid?.() === 0 && existsSync('/usr/bin/apt-get'),
    toolchainSource: source as ToolchainContext['toolchainSource'],
    logDir,
  };
}
