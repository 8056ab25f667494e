// A Chromium for Playwright: the one Playwright installed itself where it could, else
// Debian's (used through launchOptions.executablePath). Debian's headless shell comes
// first: it is the browser Playwright itself runs headless, and the full chromium starts
// a browser UI renderer and a GPU process more (one run's ui suite peaked at 1.76 GiB with
// it, 1.36 GiB with the headless shell).
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import type { Env } from '../toolchain/cache-paths.ts';
import { aptInstall } from './apt.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';

const headlessShell = '/usr/bin/chromium-headless-shell';
const systemChromium = [headlessShell, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

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
    const fix = 'as root on Debian: apt-get install -y chromium-headless-shell (or set EPHEMERAL_CHROMIUM to a Chromium binary)';
    if (!path) return { ok: false, detail: 'no Chromium found', fix };
    // Where the bootstrap can install the lighter headless shell, the full browser alone is not enough.
    if (systemChromium.slice(1).includes(path) && ctx.canInstallSystemPackages) {
      return { ok: false, detail: `only the full ${path}, not the headless shell the suites run lighter with`, fix };
    }
    return { ok: true, detail: await describe(path) };
  },

  async install(ctx: ToolchainContext): Promise<ComponentStatus> {
    if (!ctx.canInstallSystemPackages) throw new Error('cannot install chromium: not root on a Debian system');
    await aptInstall(['chromium-headless-shell'], `${ctx.logDir}/apt.log`);
    return this.inspect(ctx);
  },
};
