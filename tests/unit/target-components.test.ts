import { describe, expect, it } from 'vitest';
import { clusterComponents, doctorComponents, installableComponents } from '../../scripts/components/all-components.ts';
import { loadPins } from '../../scripts/toolchain/pins.ts';

const pins = loadPins();
const names = (list: { name: string }[]) => list.map((component) => component.name);
const kubernetesOnly = [...names(clusterComponents()), 'plugin kubernetes'];

describe('components per target', () => {
  it('installs nothing of the kubernetes target for a Docker-only user', () => {
    const docker = names(installableComponents(pins));
    for (const name of kubernetesOnly) expect(docker).not.toContain(name);
    expect(docker).toContain('plugin docker');
  });

  it('adds the local cluster and the kubernetes plugin, after the Docker engine, when that target is asked for', () => {
    const both = names(installableComponents(pins, ['docker', 'kubernetes']));
    for (const name of kubernetesOnly) expect(both).toContain(name);
    expect(both.indexOf('docker engine')).toBeLessThan(both.indexOf('pause image'));
    expect(both.indexOf('cluster packages')).toBeLessThan(both.indexOf('kubernetes'));
  });

  it('adds only the kubernetes plugin for a cluster of the user\'s: no local cluster is built', () => {
    const provider = names(installableComponents(pins, ['kubernetes-provider']));
    expect(provider).toContain('plugin kubernetes');
    for (const name of names(clusterComponents())) expect(provider).not.toContain(name);
  });

  it('keeps the kubernetes pieces out of the checks that decide doctor\'s exit', () => {
    for (const name of kubernetesOnly) expect(names(doctorComponents(pins))).not.toContain(name);
  });
});
