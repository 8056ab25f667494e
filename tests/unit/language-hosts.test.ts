import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolchainContext } from '../../scripts/components/component.ts';
import { languageHost, languageHostBinary, languageHostStamp } from '../../scripts/components/language-hosts.ts';
import { resolveCachePaths } from '../../scripts/toolchain/cache-paths.ts';
import { loadPins } from '../../scripts/toolchain/pins.ts';

const pins = loadPins();
const cacheDir = mkdtempSync(join(tmpdir(), 'ephemeral-language-hosts-'));
const ctx = { pins, paths: resolveCachePaths(pins, { EPHEMERAL_CACHE_DIR: cacheDir }) } as ToolchainContext;
const host = pins.languageHosts.find((pin) => pin.name === 'yaml');
if (!host) throw new Error('toolchain.json pins no yaml language host');
const binary = languageHostBinary(ctx, host);
const stamp = join(dirname(binary), '.pulumi-language-yaml.source');

function installFake(stampText: string | undefined): void {
  mkdirSync(dirname(binary), { recursive: true });
  writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
  rmSync(stamp, { force: true });
  if (stampText !== undefined) writeFileSync(stamp, `${stampText}\n`);
}

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('language hosts', () => {
  it('pins the YAML host, which workDir projects of runtime yaml need', () => {
    expect(host.module).toBe('github.com/pulumi/pulumi-yaml');
  });

  it('places the host next to the CLI, where the engine looks before PATH', () => {
    expect(binary).toBe(join(dirname(ctx.paths.pulumiBinary), 'pulumi-language-yaml'));
  });

  it('reports a missing host with the bootstrap as the fix', async () => {
    rmSync(binary, { force: true });
    const status = await languageHost(host).inspect(ctx);
    expect(status).toMatchObject({ ok: false, fix: 'npm run ephemeral -- bootstrap' });
    expect(status.detail).toContain('not installed');
  });

  it('reports a host built at another version as that version', async () => {
    installFake(`1.0.0 ${'0'.repeat(64)}`);
    expect((await languageHost(host).inspect(ctx)).detail).toBe(`found 1.0.0 at ${binary}, want ${host.version}`);
  });

  it('reports a host built from another wrapper module as stale', async () => {
    installFake(`${host.version} ${'0'.repeat(64)}`);
    const status = await languageHost(host).inspect(ctx);
    expect(status.ok).toBe(false);
    expect(status.detail).toContain(`built from another ${host.goBuild}`);
  });

  it('accepts a host the official CLI archive shipped (no stamp: not built here)', async () => {
    installFake(undefined);
    expect(await languageHost(host).inspect(ctx)).toMatchObject({ ok: true, detail: `${binary} (shipped with the Pulumi CLI)` });
  });

  it('accepts the official download of the pinned version', async () => {
    installFake(`${host.version} official`);
    expect((await languageHost(host).inspect(ctx)).ok).toBe(true);
  });

  it('accepts a host stamped with the pinned version and the wrapper it was built from', async () => {
    installFake(languageHostStamp(host));
    expect(await languageHost(host).inspect(ctx)).toEqual({ ok: true, detail: `${host.version} (${binary})` });
  });
});
