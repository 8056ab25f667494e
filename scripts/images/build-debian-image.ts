// Builds one base image from Debian packages: mmdebstrap writes the root filesystem as
// a tar stream straight into `docker import`, which adds the image config.
import { execa } from 'execa';
import type { BaseImageSpec } from './base-image-specs.ts';

// Docs, man pages and translations are dead weight in a container.
const excludes = ['/usr/share/doc/*', '/usr/share/man/*', '/usr/share/info/*', '/usr/share/locale/*'];

export function mmdebstrapArgs(spec: BaseImageSpec, suite: string): string[] {
  const hooks = [
    ...spec.debian.copyIn.map(([source, target]) => `copy-in ${source} ${target}`),
    ...spec.debian.setup.map((command) => `chroot "$1" sh -c '${command}'`),
    'rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*',
  ];
  return [
    '--variant=minbase',
    '--quiet',
    `--include=${spec.debian.packages.join(',')}`,
    ...excludes.map((path) => `--dpkgopt=path-exclude=${path}`),
    ...hooks.map((hook) => `--customize-hook=${hook}`),
    suite,
    '-',
  ];
}

export function importArgs(spec: BaseImageSpec, tag: string): string[] {
  const config = [...spec.debian.config, `LABEL io.ephemeral.base-image=${spec.role}`];
  return ['import', ...config.flatMap((change) => ['--change', change]), '-', tag];
}

export async function buildDebianImage(spec: BaseImageSpec, suite: string, tag: string, logFile: string): Promise<void> {
  const log = { file: logFile, append: true } as const;
  // mmdebstrap signals its whole process group when it ends: give it a group of its own.
  await execa('mmdebstrap', mmdebstrapArgs(spec, suite), { stderr: log, detached: true, buffer: false }).pipe('docker', importArgs(spec, tag), {
    stdout: log,
    stderr: log,
  });
}
