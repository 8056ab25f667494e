// The language hosts that run workDir projects (`pulumi-language-<name>`), placed next
// to the CLI, where the engine looks for them before PATH: the official download where
// it answers, else a build from the Go module proxy. Inline programs need none; a YAML
// project needs `pulumi-language-yaml`. The official CLI archive ships the hosts of its
// release beside `pulumi`: such a host (one this machine did not build) is accepted.
import { chmodSync, copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { pluginDir } from '../toolchain/cache-paths.ts';
import { buildGoWrapper, hashSourceDir } from '../toolchain/go-build.ts';
import { type LanguageHostPin, projectRoot } from '../toolchain/pins.ts';
import { pulumiEnv } from '../toolchain/pulumi-env.ts';
import { isExecutable } from './executable-file.ts';
import { type Component, type ToolchainContext, bootstrapFix } from './component.ts';

export function languageHostBinary(ctx: Pick<ToolchainContext, 'paths'>, host: Pick<LanguageHostPin, 'name'>): string {
  return join(dirname(ctx.paths.pulumiBinary), `pulumi-language-${host.name}`);
}

/**
 * The hosts print no version: a stamp beside the binary records the pinned version and
 * the wrapper's content (or `official`), so a new pin or a changed wrapper means a
 * rebuild. A host without a stamp came with the CLI.
 */
function stampFile(binary: string): string {
  return join(dirname(binary), `.${binary.split('/').pop()}.source`);
}

export function languageHostStamp(host: LanguageHostPin): string {
  return `${host.version} ${hashSourceDir(join(projectRoot, host.goBuild), host.version)}`;
}

function readStamp(binary: string): string | undefined {
  try {
    return readFileSync(stampFile(binary), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** `pulumi plugin install language NAME VERSION`: the host's path, or undefined where no download answers. */
async function installOfficial(ctx: ToolchainContext, host: LanguageHostPin): Promise<string | undefined> {
  const result = await execa(ctx.paths.pulumiBinary, ['plugin', 'install', 'language', host.name, host.version, '--reinstall'], {
    env: pulumiEnv(ctx.paths, ctx.env),
    reject: false,
    timeout: 120_000,
  });
  const installed = join(pluginDir(ctx.paths, 'language', host.name, host.version), `pulumi-language-${host.name}`);
  return result.exitCode === 0 && isExecutable(installed) ? installed : undefined;
}

function placeBeside(source: string, binary: string, stamp: string): void {
  // Copy then rename: a run that starts the host meanwhile never sees half a file.
  copyFileSync(source, `${binary}.tmp`);
  chmodSync(`${binary}.tmp`, 0o755);
  renameSync(`${binary}.tmp`, binary);
  writeFileSync(stampFile(binary), `${stamp}\n`);
}

export function languageHost(host: LanguageHostPin): Component {
  return {
    name: `language ${host.name}`,
    // Installed beside the CLI's own binaries.
    after: ['pulumi CLI'],

    async inspect(ctx) {
      const binary = languageHostBinary(ctx, host);
      if (!isExecutable(binary)) return { ok: false, detail: `pulumi-language-${host.name} ${host.version} not installed (workDir projects of runtime ${host.name} need it)`, fix: bootstrapFix };
      const stamp = readStamp(binary);
      if (stamp === undefined) return { ok: true, detail: `${binary} (shipped with the Pulumi CLI)` };
      if (stamp !== languageHostStamp(host) && stamp !== `${host.version} official`) {
        const have = stamp?.split(' ')[0];
        return {
          ok: false,
          detail: have && have !== host.version ? `found ${have} at ${binary}, want ${host.version}` : `${binary} was built from another ${host.goBuild}`,
          fix: bootstrapFix,
        };
      }
      return { ok: true, detail: `${host.version} (${binary})` };
    },

    async install(ctx) {
      const binary = languageHostBinary(ctx, host);
      if (ctx.toolchainSource !== 'go') {
        const official = await installOfficial(ctx, host);
        if (official) {
          placeBeside(official, binary, `${host.version} official`);
          return { ok: true, detail: `${host.version} (official download)` };
        }
        if (ctx.toolchainSource === 'official') throw new Error(`pulumi plugin install language ${host.name} ${host.version} failed`);
      }
      const built = await buildGoWrapper({
        sourceDir: join(projectRoot, host.goBuild),
        buildRoot: ctx.paths.builds,
        name: `language-${host.name}`,
        version: host.version,
        logFile: join(ctx.logDir, `language-${host.name}-build.log`),
        env: ctx.env,
      });
      placeBeside(built, binary, languageHostStamp(host));
      return { ok: true, detail: `${host.version} (built from the Go module proxy)` };
    },
  };
}
