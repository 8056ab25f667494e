// The Pulumi CLI at the pinned version, in the official layout `<root>/bin/pulumi`:
// an installed one if it matches, else the official installer, else a Go build.
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PulumiCommand } from '@pulumi/pulumi/automation/index.js';
import { execa } from 'execa';
import { SemVer } from 'semver';
import { pulumiCommandAt } from '../pulumi/pulumi-command.ts';
import { buildGoWrapper } from '../toolchain/go-build.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { type Component, type ComponentStatus, bootstrapFix } from './component.ts';
import { withTimeout } from './with-timeout.ts';

async function versionOf(binary: string): Promise<string | undefined> {
  const result = await execa(binary, ['version'], { reject: false, env: { PULUMI_SKIP_UPDATE_CHECK: 'true' } });
  return result.exitCode === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

/** The installed CLI's version, asked through the command every workspace of this process reuses. */
async function installedVersion(root: string): Promise<string | undefined> {
  try {
    return (await pulumiCommandAt(root)).version?.version;
  } catch {
    return undefined;
  }
}

// Dynamic providers need this launcher next to the CLI; the official archive ships it.
const dynamicProviderLauncher = `#!/bin/sh
# Runs a Pulumi dynamic provider with the project's Node.js.
exec node "$(node -p "require.resolve('@pulumi/pulumi/cmd/dynamic-provider')")" "$@"
`;

function installLaunchers(binDir: string): void {
  const launcher = join(binDir, 'pulumi-resource-pulumi-nodejs');
  if (!existsSync(launcher)) {
    writeFileSync(launcher, dynamicProviderLauncher);
    chmodSync(launcher, 0o755);
  }
}

export const pulumiCli: Component = {
  name: 'pulumi CLI',

  async inspect(ctx) {
    const want = ctx.pins.pulumi.version;
    const have = existsSync(ctx.paths.pulumiBinary) ? await installedVersion(ctx.paths.pulumiRoot) : undefined;
    if (have === want) return { ok: true, detail: `${have} (${ctx.paths.pulumiBinary})` };
    return {
      ok: false,
      detail: have ? `found ${have} at ${ctx.paths.pulumiBinary}, want ${want}` : `${want} not installed`,
      fix: bootstrapFix,
    };
  },

  async install(ctx): Promise<ComponentStatus> {
    const want = ctx.pins.pulumi.version;
    const binDir = dirname(ctx.paths.pulumiBinary);
    mkdirSync(binDir, { recursive: true });

    const onPath = await execa('sh', ['-c', 'command -v pulumi'], { reject: false });
    if (onPath.exitCode === 0 && (await versionOf(onPath.stdout.trim())) === want) {
      symlinkSync(onPath.stdout.trim(), ctx.paths.pulumiBinary);
      installLaunchers(binDir);
      return { ok: true, detail: `${want} (linked from ${onPath.stdout.trim()})` };
    }

    if (ctx.toolchainSource !== 'go') {
      try {
        await withTimeout(PulumiCommand.install({ root: ctx.paths.pulumiRoot, version: new SemVer(want) }), 120_000);
        installLaunchers(binDir);
        return { ok: true, detail: `${want} (official installer)` };
      } catch (error) {
        if (ctx.toolchainSource === 'official') throw error;
      }
    }

    const built = await buildGoWrapper({
      sourceDir: join(projectRoot, ctx.pins.pulumi.goBuild),
      buildRoot: ctx.paths.builds,
      name: 'pulumi',
      version: want,
      logFile: join(ctx.logDir, 'pulumi-cli-build.log'),
      env: ctx.env,
    });
    copyFileSync(built, ctx.paths.pulumiBinary);
    chmodSync(ctx.paths.pulumiBinary, 0o755);
    installLaunchers(binDir);
    return { ok: true, detail: `${want} (built from the Go module proxy)` };
  },
};
