// What doctor reports but nothing installs: free disk (the state backend has its own check).
import { mkdirSync, statfsSync } from 'node:fs';
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
