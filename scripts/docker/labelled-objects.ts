// Finds the Docker objects that carry a label (by default any stack's): what the leak
// checks, `list` and `gc` look at. Talks to the engine through the docker CLI.
import { execa } from 'execa';
import { labelKeys } from '../naming/labels.ts';

export type DockerObjectKind = 'container' | 'network' | 'volume' | 'image';

export interface LabelledObject {
  kind: DockerObjectKind;
  id: string;
  name: string;
  labels: Record<string, string>;
}

const listArgs: Record<DockerObjectKind, string[]> = {
  container: ['ps', '--all', '--quiet', '--no-trunc'],
  network: ['network', 'ls', '--quiet', '--no-trunc'],
  volume: ['volume', 'ls', '--quiet'],
  image: ['image', 'ls', '--quiet', '--no-trunc'],
};

// Labels come from inspect, as JSON: the list commands join them with commas, and a
// branch name may contain one.
const inspectFormat: Record<DockerObjectKind, string> = {
  container: '{{.Id}}\t{{json .Name}}\t{{json .Config.Labels}}',
  network: '{{.Id}}\t{{json .Name}}\t{{json .Labels}}',
  volume: '{{.Name}}\t{{json .Name}}\t{{json .Labels}}',
  image: '{{.Id}}\t{{json .RepoTags}}\t{{json .Config.Labels}}',
};

function objectName(kind: DockerObjectKind, raw: unknown): string {
  if (kind === 'image') return Array.isArray(raw) && raw.length > 0 ? String(raw[0]) : '<untagged>';
  return String(raw).replace(/^\//, '');
}

async function listKind(kind: DockerObjectKind, filter: string): Promise<LabelledObject[]> {
  const { stdout } = await execa('docker', [...listArgs[kind], '--filter', `label=${filter}`]);
  const ids = [...new Set(stdout.split('\n').filter(Boolean))];
  if (ids.length === 0) return [];
  const inspected = await execa('docker', [kind, 'inspect', '--format', inspectFormat[kind], ...ids], { reject: false });
  // An object removed between list and inspect is simply gone: skip its line.
  return inspected.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', name = 'null', labels = 'null'] = line.split('\t');
      return {
        kind,
        id,
        name: objectName(kind, JSON.parse(name)),
        labels: (JSON.parse(labels) as Record<string, string> | null) ?? {},
      };
    });
}

/** `filter` is a docker --filter label value: `ephemeral.stack` or `ephemeral.stack=<slug>`. */
export async function listLabelledObjects(filter: string = labelKeys.stack): Promise<LabelledObject[]> {
  const kinds: DockerObjectKind[] = ['container', 'network', 'volume', 'image'];
  return (await Promise.all(kinds.map((kind) => listKind(kind, filter)))).flat();
}
