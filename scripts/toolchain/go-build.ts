// Builds one binary from a Go wrapper module under scripts/toolchain/ (go.mod, go.sum,
// build.json) through the Go module proxy. The build folder and Go's caches live
// outside the repository, so a binary is built once per machine and source content.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { EphemeralError, ExitCode } from '../errors.ts';
import type { Env } from './cache-paths.ts';

const buildSpecSchema = z.object({
  binary: z.string(),
  steps: z.array(z.array(z.string()).min(1)).min(1),
});

export interface GoBuildRequest {
  sourceDir: string;
  buildRoot: string;
  name: string;
  version: string;
  logFile: string;
  env: Env;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Content hash of the wrapper module: a changed go.mod or main.go means a rebuild. */
export function hashSourceDir(dir: string, version: string): string {
  const hash = createHash('sha256').update(version);
  for (const file of listFiles(dir)) hash.update(relative(dir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

export function substituteVersion(steps: string[][], version: string): string[][] {
  return steps.map((step) => step.map((arg) => arg.replaceAll('${version}', version)));
}

function buildDir(request: Pick<GoBuildRequest, 'buildRoot' | 'name' | 'version'>): string {
  return join(request.buildRoot, `${request.name}-${request.version}`);
}

const stampName = '.source.sha256';

/**
 * Whether this machine built the binary from a wrapper source other than the one checked
 * out (the wrapper changed since, e.g. the docker plugin's shim): then it is built again.
 * A binary this machine did not build (an official download) is never stale.
 */
export function isBuildStale(request: Pick<GoBuildRequest, 'sourceDir' | 'buildRoot' | 'name' | 'version'>): boolean {
  const stampFile = join(buildDir(request), stampName);
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') !== hashSourceDir(request.sourceDir, request.version);
}

// One build at a time: a Go build takes every core (and Kubernetes' several GiB), so two
// at once would finish no sooner; what installs beside it (apt, base images) waits on the
// network instead.
let queue: Promise<unknown> = Promise.resolve();

export function buildGoWrapper(request: GoBuildRequest): Promise<string> {
  const build = queue.then(() => buildNow(request));
  queue = build.catch(() => undefined);
  return build;
}

async function buildNow(request: GoBuildRequest): Promise<string> {
  const spec = buildSpecSchema.parse(JSON.parse(readFileSync(join(request.sourceDir, 'build.json'), 'utf8')));
  const workDir = buildDir(request);
  const binary = join(workDir, 'bin', spec.binary);
  const stampFile = join(workDir, stampName);
  const sourceHash = hashSourceDir(request.sourceDir, request.version);
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourceHash) return binary;

  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(request.sourceDir, workDir, { recursive: true });
  const env = {
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod',
    // An older Go fetches the toolchain the go.mod asks for, through the same proxy.
    GOTOOLCHAIN: request.env['GOTOOLCHAIN'] ?? 'auto',
  };
  for (const [command, ...args] of substituteVersion(spec.steps, request.version)) {
    const result = await execa(command as string, args, {
      cwd: workDir,
      env,
      reject: false,
      all: true,
      stdout: ['pipe', { file: request.logFile, append: true }],
      stderr: ['pipe', { file: request.logFile, append: true }],
    });
    if (result.failed) {
      const tail = (result.all ?? '').split('\n').slice(-15).join('\n');
      throw new EphemeralError(`building ${request.name} ${request.version} failed at \`${result.command}\`:\n${tail}`, {
        code: 'E_GO_BUILD',
        exitCode: ExitCode.provisionFailed,
        remedy: `read ${request.logFile}; Go 1.25 or newer and the Go module proxy must be reachable`,
        cause: result,
      });
    }
  }
  writeFileSync(stampFile, sourceHash);
  return binary;
}
