// Builds the app image once per content: app/ (sources, migrations, lockfile) plus the
// base image it starts from decide the tag, so an unchanged app is reused by every
// stack and run. Dependencies are installed on the host; the build has no network.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { execa } from 'execa';
import lockfile from 'proper-lockfile';
import { projectRoot } from '../toolchain/pins.ts';

export const appDir = join(projectRoot, 'app');
const dockerfile = join(projectRoot, 'scripts/images/app.Dockerfile');
const skipped = new Set(['node_modules', '.git', 'test-results']);

function appFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skipped.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? appFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []))
    .sort();
}

export function appContentHash(baseImage: string): string {
  const hash = createHash('sha256').update(baseImage).update(readFileSync(dockerfile));
  for (const file of appFiles(appDir)) hash.update(relative(appDir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Production dependencies of app/, installed once per lockfile in the cache (app/'s
 * own node_modules also holds the dev tools for type checks and tests).
 */
export async function installProductionDependencies(cacheRoot: string, logFile: string): Promise<string> {
  const lock = readFileSync(join(appDir, 'package-lock.json'));
  const depsDir = join(cacheRoot, 'app-deps', createHash('sha256').update(lock).digest('hex').slice(0, 16));
  if (existsSync(join(depsDir, 'node_modules', '.complete'))) return join(depsDir, 'node_modules');
  rmSync(depsDir, { recursive: true, force: true });
  mkdirSync(depsDir, { recursive: true });
  cpSync(join(appDir, 'package.json'), join(depsDir, 'package.json'));
  cpSync(join(appDir, 'package-lock.json'), join(depsDir, 'package-lock.json'));
  const log = { file: logFile, append: true } as const;
  await execa('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: depsDir, stdout: log, stderr: log });
  writeFileSync(join(depsDir, 'node_modules', '.complete'), '');
  return join(depsDir, 'node_modules');
}

/** The build context: app/ without its node_modules, plus the production dependencies. */
function stageBuildContext(cacheRoot: string, productionModules: string): string {
  const contextDir = join(cacheRoot, 'app-context');
  rmSync(contextDir, { recursive: true, force: true });
  cpSync(appDir, contextDir, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
  cpSync(productionModules, join(contextDir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  return contextDir;
}

export interface AppImage {
  ref: string;
  built: boolean;
}

export async function ensureAppImage(baseImage: string, cacheRoot: string, internalLocks: string, logFile: string): Promise<AppImage> {
  // Runs for several branches at once share the dependency cache and build folder.
  mkdirSync(internalLocks, { recursive: true });
  const release = await lockfile.lock(internalLocks, {
    lockfilePath: join(internalLocks, 'app-image.lock'),
    stale: 60_000,
    retries: { retries: 600, minTimeout: 200, maxTimeout: 1000 },
  });
  try {
    return await buildAppImageOnce(baseImage, cacheRoot, logFile);
  } finally {
    await release();
  }
}

async function buildAppImageOnce(baseImage: string, cacheRoot: string, logFile: string): Promise<AppImage> {
  const ref = `ephemeral-app:${appContentHash(baseImage)}`;
  const present = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { reject: false });
  if (present.exitCode === 0) return { ref, built: false };
  const contextDir = stageBuildContext(cacheRoot, await installProductionDependencies(cacheRoot, logFile));
  const log = { file: logFile, append: true } as const;
  await execa(
    'docker',
    ['build', '--network', 'none', '--label', 'io.ephemeral.app-image=reference', '--build-arg', `BASE_IMAGE=${baseImage}`, '-f', dockerfile, '-t', ref, contextDir],
    { stdout: log, stderr: log, env: { DOCKER_BUILDKIT: '0' } },
  );
  return { ref, built: true };
}
