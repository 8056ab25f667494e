// Finds the Docker objects that carry a label (by default any stack's): what the leak
// checks, `list` and `gc` look at. Asks the engine's API: one call per kind.
import { containerName, engineJson, labelQuery, listContainers } from './engine-api.ts';
import { labelKeys } from '../naming/labels.ts';

export type DockerObjectKind = 'container' | 'network' | 'volume' | 'image';

export interface LabelledObject {
  kind: DockerObjectKind;
  id: string;
  name: string;
  labels: Record<string, string>;
}

interface ListedNetwork {
  Id: string;
  Name: string;
  Labels: Record<string, string> | null;
}

interface ListedImage {
  Id: string;
  RepoTags: string[] | null;
  Labels: Record<string, string> | null;
}

interface ListedVolumes {
  Volumes: Array<{ Name: string; Labels: Record<string, string> | null }> | null;
}

// The list calls return each object's labels whole (the CLI's list output joins them with
// commas, and a branch name may contain one).
async function listKind(kind: DockerObjectKind, filter: string): Promise<LabelledObject[]> {
  const query = labelQuery([filter]);
  switch (kind) {
    case 'container':
      return (await listContainers([filter])).map((container) => ({ kind, id: container.Id, name: containerName(container), labels: container.Labels ?? {} }));
    case 'network':
      return (await engineJson<ListedNetwork[]>('GET', `/networks${query}`)).map((network) => ({ kind, id: network.Id, name: network.Name, labels: network.Labels ?? {} }));
    case 'volume':
      return ((await engineJson<ListedVolumes>('GET', `/volumes${query}`)).Volumes ?? []).map((volume) => ({ kind, id: volume.Name, name: volume.Name, labels: volume.Labels ?? {} }));
    case 'image':
      return (await engineJson<ListedImage[]>('GET', `/images/json${query}`)).map((image) => ({ kind, id: image.Id, name: image.RepoTags?.[0] ?? '<untagged>', labels: image.Labels ?? {} }));
  }
}

/** `filter` is a docker --filter label value: `ephemeral.stack` or `ephemeral.stack=<slug>`. */
export async function listLabelledObjects(filter: string = labelKeys.stack): Promise<LabelledObject[]> {
  const kinds: DockerObjectKind[] = ['container', 'network', 'volume', 'image'];
  return (await Promise.all(kinds.map((kind) => listKind(kind, filter)))).flat();
}
