// What doctor reports but nothing installs: free disk, and a writable state backend.
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component, ComponentStatus } from './component.ts';

const minimumFreeBytes = 5 * 1024 ** 3;

export const freeDisk: Component = {
  name: 'free disk',
  async inspect(ctx): Promise<ComponentStatus> {
    mkdirSync(ctx.paths.root, { recursive: true });
    const stats = statfsSync(ctx.paths.root);
    const free = stats.bavail * stats.bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    return free >= minimumFreeBytes
      ? { ok: true, detail: `${gib} GiB free at ${ctx.paths.root}` }
      : { ok: false, detail: `${gib} GiB free at ${ctx.paths.root}, want 5 GiB`, fix: 'free disk space (docker system prune, or remove old artifacts/)' };
  },
};

export const stateBackend: Component = {
  name: 'state backend',
  async inspect(ctx): Promise<ComponentStatus> {
    const probe = join(ctx.paths.stateDir, `.write-probe-${process.pid}`);
    try {
      mkdirSync(ctx.paths.stateDir, { recursive: true });
      writeFileSync(probe, 'ok');
      rmSync(probe);
      return { ok: true, detail: `file://${ctx.paths.stateDir} writable` };
    } catch (error) {
      return {
        ok: false,
        detail: `file://${ctx.paths.stateDir} not writable: ${(error as Error).message}`,
        fix: 'set EPHEMERAL_CACHE_DIR to a writable folder',
      };
    }
  },
};
