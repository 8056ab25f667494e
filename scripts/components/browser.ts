// A Chromium for Playwright: the one Playwright installed itself where it could, else
// Debian's chromium (used through launchOptions.executablePath).
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import type { Env } from '../toolchain/cache-paths.ts';
import { aptInstall } from './apt.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';

const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The browser the suites launch; undefined means none is installed. */
export function findBrowser(env: Env): string | undefined {
  const candidates = [env['EPHEMERAL_CHROMIUM'], safePlaywrightPath(), ...systemChromium];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

function safePlaywrightPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

async function describe(path: string): Promise<string> {
  const result = await execa(path, ['--version'], { reject: false, timeout: 10_000 });
  return `${result.stdout.trim() || 'unknown version'} (${path})`;
}

export const browser: Component = {
  name: 'browser',

  async inspect(ctx): Promise<ComponentStatus> {
    const path = findBrowser(ctx.env);
    if (path) return { ok: true, detail: await describe(path) };
    return {
      ok: false,
      detail: 'no Chromium found',
      fix: 'as root on Debian: apt-get install -y chromium (or set EPHEMERAL_CHROMIUM to a Chromium binary)',
    };
  },

  async install(ctx: ToolchainContext): Promise<ComponentStatus> {
    if (!ctx.canInstallSystemPackages) throw new Error('cannot install chromium: not root on a Debian system');
    await aptInstall(['chromium'], `${ctx.logDir}/apt.log`);
    return this.inspect(ctx);
  },
};
