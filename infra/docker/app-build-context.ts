// The reference app image's staging hook (`images.app.stage` in ephemeral.config.ts): the
// build has no network, so app/'s production dependencies are installed on the host, once
// per lockfile in the tool's cache, and copied beside the sources into the folder Docker
// builds from. The tool itself knows nothing of npm or of app/.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import type { ImageStageRequest } from '../../scripts/contract/define-config.ts';

const skipped = new Set(['node_modules', '.git', 'test-results']);

/** Production dependencies of the context's package, installed once per lockfile under the cache. */
export async function installProductionDependencies(contextDir: string, cacheDir: string, logFile: string): Promise<string> {
  const lock = readFileSync(join(contextDir, 'package-lock.json'));
  const depsDir = join(cacheDir, 'deps', createHash('sha256').update(lock).digest('hex').slice(0, 16));
  if (existsSync(join(depsDir, 'node_modules', '.complete'))) return join(depsDir, 'node_modules');
  rmSync(depsDir, { recursive: true, force: true });
  mkdirSync(depsDir, { recursive: true });
  cpSync(join(contextDir, 'package.json'), join(depsDir, 'package.json'));
  cpSync(join(contextDir, 'package-lock.json'), join(depsDir, 'package-lock.json'));
  const log = { file: logFile, append: true } as const;
  await execa('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: depsDir, stdout: log, stderr: log });
  writeFileSync(join(depsDir, 'node_modules', '.complete'), '');
  return join(depsDir, 'node_modules');
}

/** app/ without its own node_modules (dev tools too), plus the production dependencies. */
export async function stageAppBuildContext(request: ImageStageRequest): Promise<string> {
  const modules = await installProductionDependencies(request.contextDir, request.cacheDir, request.logFile);
  const staged = join(request.cacheDir, 'context');
  rmSync(staged, { recursive: true, force: true });
  cpSync(request.contextDir, staged, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
  cpSync(modules, join(staged, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  return staged;
}
