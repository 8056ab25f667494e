// Builds the app image once per content: app/ (sources, migrations, lockfile) plus the
// base image it starts from decide the tag, so an unchanged app is reused by every
// stack and run. Dependencies are installed on the host; the build has no network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
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

/** `npm ci --omit=dev` in app/ when its lockfile changed since the last install. */
export async function installAppDependencies(logFile: string): Promise<boolean> {
  const stamp = join(appDir, 'node_modules', '.ephemeral-lock.sha256');
  const lock = createHash('sha256').update(readFileSync(join(appDir, 'package-lock.json'))).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return false;
  const log = { file: logFile, append: true } as const;
  await execa('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: appDir, stdout: log, stderr: log });
  writeFileSync(stamp, lock);
  return true;
}

export interface AppImage {
  ref: string;
  built: boolean;
}

export async function ensureAppImage(baseImage: string, logFile: string): Promise<AppImage> {
  await installAppDependencies(logFile);
  const ref = `ephemeral-app:${appContentHash(baseImage)}`;
  const present = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { reject: false });
  if (present.exitCode === 0) return { ref, built: false };
  const log = { file: logFile, append: true } as const;
  await execa(
    'docker',
    ['build', '--network', 'none', '--label', 'io.ephemeral.app-image=reference', '--build-arg', `BASE_IMAGE=${baseImage}`, '-f', dockerfile, '-t', ref, appDir],
    { stdout: log, stderr: log, env: { DOCKER_BUILDKIT: '0' } },
  );
  return { ref, built: true };
}
