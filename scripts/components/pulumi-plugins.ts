// Each provider plugin at the pinned version under PULUMI_HOME: `pulumi plugin install`
// from the official source where it answers, else a Go build installed with --file.
import { join } from 'node:path';
import { execa } from 'execa';
import { pluginDir } from '../toolchain/cache-paths.ts';
import { buildGoWrapper, isBuildStale } from '../toolchain/go-build.ts';
import { type PluginPin, projectRoot } from '../toolchain/pins.ts';
import { pulumiEnv } from '../toolchain/pulumi-env.ts';
import { isExecutable } from './executable-file.ts';
import { type Component, type ToolchainContext, bootstrapFix } from './component.ts';

function pluginBinary(ctx: ToolchainContext, plugin: PluginPin): string {
  return join(pluginDir(ctx.paths, plugin.kind, plugin.name, plugin.version), `pulumi-${plugin.kind}-${plugin.name}`);
}

async function pulumiPluginInstall(ctx: ToolchainContext, plugin: PluginPin, extra: string[]) {
  return execa(ctx.paths.pulumiBinary, ['plugin', 'install', plugin.kind, plugin.name, plugin.version, ...extra], {
    env: pulumiEnv(ctx.paths, ctx.env),
    reject: false,
    timeout: 120_000,
    all: true,
  });
}

export function pulumiPlugin(plugin: PluginPin): Component {
  // A plugin of one target is installed by that target's bootstrap.
  const fix = plugin.target ? `${bootstrapFix} --target ${plugin.target}` : bootstrapFix;
  return {
    name: `plugin ${plugin.name}`,
    // Installed with the CLI (`pulumi plugin install`).
    after: ['pulumi CLI'],

    async inspect(ctx) {
      const binary = pluginBinary(ctx, plugin);
      if (!isExecutable(binary)) return { ok: false, detail: `${plugin.kind} plugin ${plugin.name} ${plugin.version} not installed`, fix };
      if (isBuildStale({ sourceDir: join(projectRoot, plugin.goBuild), buildRoot: ctx.paths.builds, name: plugin.name, version: plugin.version })) {
        return { ok: false, detail: `${plugin.kind} plugin ${plugin.name} ${plugin.version} was built here from an older ${plugin.goBuild}`, fix };
      }
      return { ok: true, detail: `${plugin.version} (${binary})` };
    },

    async install(ctx) {
      if (ctx.toolchainSource !== 'go') {
        // Install runs only when the plugin is missing or a stale local build: without
        // --reinstall, `plugin install` would call the stale binary installed and succeed.
        const official = await pulumiPluginInstall(ctx, plugin, ['--reinstall']);
        if (official.exitCode === 0 && isExecutable(pluginBinary(ctx, plugin))) {
          return { ok: true, detail: `${plugin.version} (official download)` };
        }
        if (ctx.toolchainSource === 'official') throw new Error(official.all);
      }
      const built = await buildGoWrapper({
        sourceDir: join(projectRoot, plugin.goBuild),
        buildRoot: ctx.paths.builds,
        name: plugin.name,
        version: plugin.version,
        logFile: join(ctx.logDir, `plugin-${plugin.name}-build.log`),
        env: ctx.env,
      });
      const installed = await pulumiPluginInstall(ctx, plugin, ['--file', built, '--reinstall']);
      if (installed.exitCode !== 0) throw new Error(`pulumi plugin install --file failed:\n${installed.all}`);
      return { ok: true, detail: `${plugin.version} (built from the Go module proxy)` };
    },
  };
}
