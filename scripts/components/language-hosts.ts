// The language hosts that run workDir projects (`pulumi-language-<name>`), built from
// the Go module proxy and placed next to the CLI, where the engine looks for them
// before PATH. Inline programs need none; a YAML project needs `pulumi-language-yaml`.
import { accessSync, chmodSync, constants, copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildGoWrapper, hashSourceDir } from '../toolchain/go-build.ts';
import { type LanguageHostPin, projectRoot } from '../toolchain/pins.ts';
import { type Component, type ToolchainContext, bootstrapFix } from './component.ts';

export function languageHostBinary(ctx: Pick<ToolchainContext, 'paths'>, host: Pick<LanguageHostPin, 'name'>): string {
  return join(dirname(ctx.paths.pulumiBinary), `pulumi-language-${host.name}`);
}

/**
 * The hosts print no version: a stamp beside the binary records the pinned version and
 * the wrapper's content, so a new pin or a changed wrapper means a rebuild.
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

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function languageHost(host: LanguageHostPin): Component {
  return {
    name: `language ${host.name}`,

    async inspect(ctx) {
      const binary = languageHostBinary(ctx, host);
      if (!isExecutable(binary)) return { ok: false, detail: `pulumi-language-${host.name} ${host.version} not installed (workDir projects of runtime ${host.name} need it)`, fix: bootstrapFix };
      const stamp = readStamp(binary);
      if (stamp !== languageHostStamp(host)) {
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
      const built = await buildGoWrapper({
        sourceDir: join(projectRoot, host.goBuild),
        buildRoot: ctx.paths.builds,
        name: `language-${host.name}`,
        version: host.version,
        logFile: join(ctx.logDir, `language-${host.name}-build.log`),
        env: ctx.env,
      });
      const binary = languageHostBinary(ctx, host);
      // Copy then rename: a run that starts the host meanwhile never sees half a file.
      copyFileSync(built, `${binary}.tmp`);
      chmodSync(`${binary}.tmp`, 0o755);
      renameSync(`${binary}.tmp`, binary);
      writeFileSync(stampFile(binary), `${languageHostStamp(host)}\n`);
      return { ok: true, detail: `${host.version} (built from the Go module proxy)` };
    },
  };
}
