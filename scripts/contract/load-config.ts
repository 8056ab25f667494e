// Finds and loads a project's `ephemeral.config.ts` (`--config PATH`, else the one in the
// current directory): Node imports TypeScript by stripping its types. Every problem is a
// usage error (exit 64) naming the field and the fix, found before anything is created.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { usageError } from '../errors.ts';
import { formatConfigIssues, projectConfigSchema } from './config-schema.ts';
import type { ProjectConfig } from './define-config.ts';

export const defaultConfigFile = 'ephemeral.config.ts';

export interface LoadedProject {
  /** The config file, absolute. */
  file: string;
  /** The folder of the config file: relative paths resolve against it; suites and the seed run in it. */
  root: string;
  config: ProjectConfig;
}

export function configPath(option: string | undefined, cwd: string): string {
  return resolve(cwd, option ?? defaultConfigFile);
}

/** Paths the config names that must exist, each with the field that names it. */
export function referencedPaths(config: ProjectConfig, root: string): Array<{ field: string; path: string; kind: 'file' | 'folder' }> {
  const paths: Array<{ field: string; path: string; kind: 'file' | 'folder' }> = [];
  for (const [name, target] of Object.entries(config.targets)) {
    if (target?.workDir) paths.push({ field: `targets.${name}.workDir`, path: join(resolve(root, target.workDir), 'Pulumi.yaml'), kind: 'file' });
  }
  for (const [name, image] of Object.entries(config.images ?? {})) {
    paths.push({ field: `images.${name}.context`, path: resolve(root, image.context), kind: 'folder' });
    paths.push({ field: `images.${name}.dockerfile`, path: resolve(root, image.dockerfile), kind: 'file' });
  }
  for (const [index, suite] of (config.suites ?? []).entries()) {
    if (suite.runner.kind !== 'command') paths.push({ field: `suites[${index}].runner.config`, path: resolve(root, suite.runner.config), kind: 'file' });
  }
  return paths;
}

/** Checks a value against the contract; throws a usage error listing every problem. */
export function parseProjectConfig(value: unknown, file: string): ProjectConfig {
  const parsed = projectConfigSchema.safeParse(value);
  if (!parsed.success) {
    const lines = formatConfigIssues(parsed.error);
    throw usageError(`${file} does not follow the stack contract:\n  ${lines.join('\n  ')}`, 'correct the fields named above (README, "Your own stack", lists every field)');
  }
  const config = value as ProjectConfig;
  const root = dirname(file);
  const missing = referencedPaths(config, root).filter(({ path, kind }) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    return !stat || (kind === 'folder' ? !stat.isDirectory() : !stat.isFile());
  });
  if (missing.length > 0) {
    const lines = missing.map(({ field, path, kind }) => `${field}: no ${kind} ${path}`);
    throw usageError(`${file} names what does not exist:\n  ${lines.join('\n  ')}`, 'correct the paths (they are relative to the config file)');
  }
  return config;
}

export async function loadProjectConfig(option: string | undefined, cwd: string = process.cwd()): Promise<LoadedProject> {
  const file = configPath(option, cwd);
  if (!existsSync(file)) {
    throw usageError(
      option ? `no config file ${file}` : `no ${defaultConfigFile} in ${cwd}`,
      option ? 'pass --config PATH of an existing ephemeral.config.ts' : `write ${defaultConfigFile} (README, "Your own stack"), or pass --config PATH`,
    );
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw usageError(`${file} cannot be loaded: ${error instanceof Error ? error.message : String(error)}`, 'fix the error in the config file (it must import and run with plain `node`)');
  }
  if (module.default === undefined) throw usageError(`${file} has no default export`, 'end it with `export default defineConfig({ ... })`');
  return { file, root: dirname(file), config: parseProjectConfig(module.default, file) };
}
