// Removes Docker objects by label: containers first (they hold networks and volumes),
// then networks, then volumes. Returns what could not be removed.
import { execa } from 'execa';
import { type DockerObjectKind, listLabelledObjects } from './labelled-objects.ts';

const allKinds: DockerObjectKind[] = ['container', 'network', 'volume', 'image'];

export async function removeLabelledObjects(filter: string, kinds: DockerObjectKind[] = allKinds): Promise<string[]> {
  const objects = (await listLabelledObjects(filter)).filter((object) => kinds.includes(object.kind));
  if (objects.length === 0) return [];
  const order = allKinds.filter((kind) => kinds.includes(kind));
  const failed: string[] = [];
  for (const kind of order) {
    const ids = objects.filter((object) => object.kind === kind).map((object) => object.id);
    if (ids.length === 0) continue;
    const command = kind === 'container' ? ['rm', '--force', '--volumes'] : [kind, 'rm', ...(kind === 'image' ? ['--force'] : [])];
    await execa('docker', [...command, ...ids], { reject: false });
  }
  for (const object of await listLabelledObjects(filter)) if (kinds.includes(object.kind)) failed.push(`${object.kind} ${object.name}`);
  return failed;
}
