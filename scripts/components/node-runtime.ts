// Node.js new enough for @pulumi/pulumi: the system's where it is, else the binary the
// npm registry ships as the `node` devDependency (scripts/with-deps.sh puts it first).
import type { Component, ComponentStatus } from './component.ts';

export const nodeRuntime: Component = {
  name: 'node',
  async inspect(ctx): Promise<ComponentStatus> {
    const major = Number(process.versions.node.split('.')[0]);
    const source = process.execPath.includes('node_modules') ? 'npm package node' : 'system';
    if (major >= ctx.pins.node.major) return { ok: true, detail: `${process.version} (${source}, ${process.execPath})` };
    return {
      ok: false,
      detail: `${process.version} is older than ${ctx.pins.node.major}`,
      fix: 'run through npm (npm run ephemeral -- …), which puts the node@24 devDependency first on PATH',
    };
  },
};
