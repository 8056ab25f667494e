// The images every local cluster needs and no registry can give here: the pod sandbox
// (pause.c from the k8s module, compiled static), CoreDNS (a Go build) and a busybox
// shell for test pods (Debian's busybox-static). Each is a folder `docker import`ed
// under its pinned tag; `cluster up` then imports them into the cluster's containerd.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildGoWrapper, isBuildStale } from '../toolchain/go-build.ts';
import { projectRoot } from '../toolchain/pins.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';
import { kubernetesBootstrapFix } from './kubernetes-binaries.ts';

async function imageExists(tag: string): Promise<boolean> {
  return (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { reject: false })).exitCode === 0;
}

/** `docker import` of a folder holding the files of a one-binary image. */
async function importFolderImage(folder: string, tag: string, entrypoint: string[]): Promise<void> {
  await execa('tar', ['-C', folder, '-c', '.']).pipe('docker', ['import', '--change', `ENTRYPOINT ${JSON.stringify(entrypoint)}`, '-', tag]);
}

async function withFolder(work: (folder: string) => Promise<void>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'ephemeral-image-'));
  try {
    await work(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The k8s module's folder in the module cache (downloaded once, the build needs it too). */
async function kubernetesModuleDir(version: string): Promise<string> {
  const result = await execa('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${version}`], { cwd: tmpdir(), env: { GOFLAGS: '-mod=mod' } });
  return (JSON.parse(result.stdout) as { Dir: string }).Dir;
}

function imageComponent(name: string, tag: (ctx: ToolchainContext) => string, build: (ctx: ToolchainContext, folder: string) => Promise<string[]>, stale?: (ctx: ToolchainContext) => boolean): Component {
  return {
    name,
    // Imported into the engine; built with the cluster packages' gcc and busybox.
    after: ['docker engine', 'cluster packages'],
    async inspect(ctx): Promise<ComponentStatus> {
      const image = tag(ctx);
      if (!(await imageExists(image))) return { ok: false, detail: `image ${image} not imported`, fix: kubernetesBootstrapFix };
      if (stale?.(ctx)) return { ok: false, detail: `image ${image} was built from an older wrapper`, fix: kubernetesBootstrapFix };
      return { ok: true, detail: image };
    },
    async install(ctx): Promise<ComponentStatus> {
      await withFolder(async (folder) => importFolderImage(folder, tag(ctx), await build(ctx, folder)));
      return { ok: true, detail: `${tag(ctx)} (built and imported)` };
    },
  };
}

export const pauseImage = imageComponent(
  'pause image',
  (ctx) => ctx.pins.kubernetes.pauseImage,
  async (ctx, folder) => {
    const source = join(await kubernetesModuleDir(ctx.pins.kubernetes.version), 'build/pause/linux/pause.c');
    const version = ctx.pins.kubernetes.pauseImage.split(':')[1] ?? 'dev';
    await execa('gcc', ['-Os', '-static', `-DVERSION=${version}`, '-o', join(folder, 'pause'), source]);
    return ['/pause'];
  },
);

function corednsBuild(ctx: ToolchainContext) {
  const pin = ctx.pins.kubernetes.coredns;
  return { sourceDir: join(projectRoot, pin.goBuild), buildRoot: ctx.paths.builds, name: 'coredns', version: pin.version };
}

export const corednsImage = imageComponent(
  'coredns image',
  (ctx) => ctx.pins.kubernetes.coredns.image,
  async (ctx, folder) => {
    const binary = await buildGoWrapper({ ...corednsBuild(ctx), logFile: join(ctx.logDir, 'coredns-build.log'), env: ctx.env });
    copyFileSync(binary, join(folder, 'coredns'));
    chmodSync(join(folder, 'coredns'), 0o755);
    return ['/coredns'];
  },
  (ctx) => isBuildStale(corednsBuild(ctx)),
);

export const busyboxImage = imageComponent(
  'busybox image',
  (ctx) => ctx.pins.kubernetes.busyboxImage,
  async (_ctx, folder) => {
    mkdirSync(join(folder, 'bin'));
    copyFileSync('/bin/busybox', join(folder, 'bin/busybox'));
    chmodSync(join(folder, 'bin/busybox'), 0o755);
    // One relative link per applet (sh, wget, nslookup, ...), as the busybox image has
    // (`busybox --install` would link to the host's path).
    const applets = (await execa('/bin/busybox', ['--list'])).stdout.split('\n').filter((applet) => applet && applet !== 'busybox');
    for (const applet of applets) symlinkSync('busybox', join(folder, 'bin', applet));
    return ['/bin/sh'];
  },
);
