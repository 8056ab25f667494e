// Builds the project's `images` once per content: the files of the context (without
// node_modules, .git), the Dockerfile, the build args and the base images decide the tag,
// so an unchanged image is reused by every stack and run. The build has no network; every
// base image reaches the Dockerfile as a build arg EPHEMERAL_BASE_<ROLE>.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { execa } from 'execa';
import lockfile from 'proper-lockfile';
import type { ImageDefinition } from '../contract/define-config.ts';

const skipped = new Set(['node_modules', '.git', 'test-results']);

function contextFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skipped.has(entry.name))
    .flatMap((entry) => (entry.isDirectory() ? contextFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []))
    .sort();
}

/** `postgres` → `EPHEMERAL_BASE_POSTGRES`. */
export function baseImageArgs(baseImages: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(baseImages).map(([role, ref]) => [`EPHEMERAL_BASE_${role.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, ref]));
}

export function buildArgs(image: ImageDefinition, baseImages: Record<string, string>): Record<string, string> {
  return { ...baseImageArgs(baseImages), ...image.args };
}

export function imageContentHash(image: ImageDefinition, root: string, args: Record<string, string>): string {
  const contextDir = resolve(root, image.context);
  const hash = createHash('sha256').update(readFileSync(resolve(root, image.dockerfile)));
  for (const [name, value] of Object.entries(args).sort(([a], [b]) => a.localeCompare(b))) hash.update(`${name}=${value}\0`);
  for (const file of contextFiles(contextDir)) hash.update(relative(contextDir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export interface ImageBuildRequest {
  root: string;
  images: Record<string, ImageDefinition>;
  baseImages: Record<string, string>;
  /** The tool's cache; each image's staging hook gets a folder of its own in it. */
  cacheRoot: string;
  internalLocks: string;
  logFile: string;
}

export interface BuiltImages {
  tags: Record<string, string>;
  built: string[];
}

async function ensureImage(name: string, image: ImageDefinition, request: ImageBuildRequest): Promise<{ tag: string; built: boolean }> {
  const args = buildArgs(image, request.baseImages);
  const tag = `ephemeral-${name}:${imageContentHash(image, request.root, args)}`;
  const present = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { reject: false });
  if (present.exitCode === 0) return { tag, built: false };
  const contextDir = resolve(request.root, image.context);
  const buildDir = image.stage
    ? await image.stage({ name, contextDir, cacheDir: join(request.cacheRoot, 'project-images', name), logFile: request.logFile })
    : contextDir;
  const log = { file: request.logFile, append: true } as const;
  const argList = Object.entries(args).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]);
  await execa('docker', ['build', '--network', 'none', '--label', `io.ephemeral.image=${name}`, ...argList, '-f', resolve(request.root, image.dockerfile), '-t', tag, buildDir], {
    stdout: log,
    stderr: log,
    env: { DOCKER_BUILDKIT: '0' },
  });
  return { tag, built: true };
}

/** Every image of the config, built when its content tag is missing. */
export async function ensureProjectImages(request: ImageBuildRequest): Promise<BuiltImages> {
  const entries = Object.entries(request.images);
  if (entries.length === 0) return { tags: {}, built: [] };
  // Runs for several branches at once share the staging folders and the build.
  mkdirSync(request.internalLocks, { recursive: true });
  const release = await lockfile.lock(request.internalLocks, {
    lockfilePath: join(request.internalLocks, 'image-build.lock'),
    stale: 60_000,
    retries: { retries: 600, minTimeout: 200, maxTimeout: 1000 },
  });
  try {
    const tags: Record<string, string> = {};
    const built: string[] = [];
    for (const [name, image] of entries) {
      const result = await ensureImage(name, image, request);
      tags[name] = result.tag;
      if (result.built) built.push(name);
    }
    return { tags, built };
  } finally {
    await release();
  }
}
