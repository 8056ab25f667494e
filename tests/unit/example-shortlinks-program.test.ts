// The shortlinks example's YAML program spells out the labels the tool gives (YAML cannot
// turn the `ephemeral:labels` map into the docker provider's list): these checks keep it
// in step with the tool's labels and its isolation rules, without a Docker engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { projectRoot } from '../../scripts/toolchain/pins.ts';

interface YamlResource {
  type: string;
  properties: Record<string, unknown>;
}

const infra = join(projectRoot, 'examples/shortlinks/infra');
const program = parse(readFileSync(join(infra, 'Main.yaml'), 'utf8')) as {
  name: string;
  variables: { objectLabels: Array<{ label: string; value: string }> };
  resources: Record<string, YamlResource>;
};
const project = parse(readFileSync(join(infra, 'Pulumi.yaml'), 'utf8')) as Record<string, unknown>;
const dockerObjects = Object.entries(program.resources).filter(([, resource]) => /^docker:(Container|Network|Volume)$/.test(resource.type));

describe('examples/shortlinks program', () => {
  it('is a YAML project whose program lives in Main.yaml, not in Pulumi.yaml', () => {
    expect(project['runtime']).toBe('yaml');
    expect(project).not.toHaveProperty('resources');
    // The YAML host resolves `ephemeral:*` through the template's name when the stack's project is `ephemeral`.
    expect(program.name).toBe('ephemeral');
  });

  it('spells out exactly the labels the tool gives, each read from ephemeral:labels', () => {
    expect(program.variables.objectLabels.map((entry) => entry.label).sort()).toEqual(Object.values(labelKeys).sort());
    for (const { label, value } of program.variables.objectLabels) expect(value).toBe(`\${ephemeral:labels["${label}"]}`);
  });

  it('puts the labels on every container, network and volume, and prefixes each name with the slug', () => {
    expect(dockerObjects.map(([, resource]) => resource.type).sort()).toEqual(['docker:Container', 'docker:Container', 'docker:Network', 'docker:Network', 'docker:Volume']);
    for (const [, resource] of dockerObjects) {
      expect(resource.properties['labels']).toBe('${objectLabels}');
      expect(String(resource.properties['name'])).toMatch(/^\$\{ephemeral:slug\}-/);
    }
  });

  it('publishes only the service, on 127.0.0.1 with an engine-chosen port, and keeps the database network internal', () => {
    const published = dockerObjects.filter(([, resource]) => resource.properties['ports'] !== undefined);
    expect(published.map(([name]) => name)).toEqual(['service']);
    expect(published[0]?.[1].properties['ports']).toEqual([{ internal: 8000, ip: '127.0.0.1' }]);
    expect(program.resources['privateNetwork']?.properties['internal']).toBe(true);
    const dbNetworks = program.resources['db']?.properties['networksAdvanced'] as Array<{ name: string }>;
    expect(dbNetworks.map((network) => network.name)).toEqual(['${privateNetwork.name}']);
  });
});
