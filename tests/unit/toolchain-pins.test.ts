import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPins, parsePins, projectRoot } from '../../scripts/toolchain/pins.ts';

const pins = loadPins();
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};

describe('toolchain pins', () => {
  it.each(pins.plugins)('pins the npm package of plugin $name to the plugin version', (plugin) => {
    expect(packageJson.dependencies[plugin.npmPackage]).toBe(plugin.version);
  });

  it('requires the pinned Pulumi version in the CLI wrapper module', () => {
    const goMod = readFileSync(join(projectRoot, pins.pulumi.goBuild, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`github.com/pulumi/pulumi/pkg/v3 v${pins.pulumi.version.replaceAll('.', '\\.')}\\b`));
  });

  it.each(pins.languageHosts)('requires the pinned version of language host $name in its wrapper module', (host) => {
    const goMod = readFileSync(join(projectRoot, host.goBuild, 'go.mod'), 'utf8');
    expect(goMod).toContain(`${host.module} v${host.version}\n`);
  });

  it.each([pins.pulumi, ...pins.plugins, ...pins.languageHosts])('has a Go wrapper with build.json at $goBuild', (pin) => {
    expect(existsSync(join(projectRoot, pin.goBuild, 'build.json'))).toBe(true);
    expect(existsSync(join(projectRoot, pin.goBuild, 'go.sum'))).toBe(true);
  });

  it('requires the pinned Kubernetes in its wrapper, every staging module replaced at the matching v0 version', () => {
    const goMod = readFileSync(join(projectRoot, pins.kubernetes.goBuild, 'go.mod'), 'utf8');
    const [major, minor, patch] = pins.kubernetes.version.split('.');
    expect(goMod).toContain(`require k8s.io/kubernetes v${pins.kubernetes.version}\n`);
    const replaces = [...goMod.matchAll(/^\t(k8s\.io\/\S+) => (\S+) (\S+)$/gm)];
    expect(replaces.length).toBeGreaterThan(30);
    for (const [, from, to, version] of replaces) {
      expect(to).toBe(from);
      expect(version).toBe(`v0.${minor}.${patch}`);
    }
    const build = readFileSync(join(projectRoot, pins.kubernetes.goBuild, 'build.json'), 'utf8');
    expect(build).toContain(`version.gitMajor=${major} -X k8s.io/component-base/version.gitMinor=${minor} `);
    for (const binary of pins.kubernetes.binaries) expect(build).toContain(`"k8s.io/kubernetes/cmd/${binary}"`);
  });

  it('requires the pinned CoreDNS in its wrapper module and tags its image with that version', () => {
    const goMod = readFileSync(join(projectRoot, pins.kubernetes.coredns.goBuild, 'go.mod'), 'utf8');
    expect(goMod).toContain(`require github.com/coredns/coredns v${pins.kubernetes.coredns.version}\n`);
    expect(pins.kubernetes.coredns.image.endsWith(`:${pins.kubernetes.coredns.version}`)).toBe(true);
  });

  it('requires the pinned NetworkPolicy controller in its wrapper module, at exactly that version', () => {
    const goMod = readFileSync(join(projectRoot, pins.kubernetes.networkPolicy.goBuild, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^\\s*(require )?${pins.kubernetes.networkPolicy.module} v${pins.kubernetes.networkPolicy.version}$`, 'm'));
  });

  it.each([pins.kubernetes, pins.kubernetes.coredns, pins.kubernetes.networkPolicy])('has a Go wrapper with build.json at $goBuild', (pin) => {
    expect(existsSync(join(projectRoot, pin.goBuild, 'build.json'))).toBe(true);
    expect(existsSync(join(projectRoot, pin.goBuild, 'go.sum'))).toBe(true);
  });

  it('ships the Node major the pins name, and declares it in engines', () => {
    expect(packageJson.devDependencies['node']?.split('.')[0]).toBe(String(pins.node.major));
    expect(packageJson.engines.node).toBe(`>=${pins.node.major}`);
  });

  it('rejects a plugin version that is not plain semver', () => {
    const broken = structuredClone(pins);
    broken.plugins[0]!.version = 'latest';
    expect(() => parsePins(broken)).toThrow();
  });
});
