// Removes Docker objects by label: containers first (they hold networks and volumes),
// then networks, then volumes. Returns what could not be removed, each with the reason
// Docker gave (a network that "has active endpoints" although no container is left is
// Docker 20.10's endpoint count gone wrong: only restarting dockerd clears it).
import { execa } from 'execa';
import { type DockerObjectKind, listLabelledObjects } from './labelled-objects.ts';

const allKinds: DockerObjectKind[] = ['container', 'network', 'volume', 'image'];

export async function removeLabelledObjects(filter: string, kinds: DockerObjectKind[] = allKinds): Promise<string[]> {
  const objects = (await listLabelledObjects(filter)).filter((object) => kinds.includes(object.kind));
  if (objects.length === 0) return [];
  const order = allKinds.filter((kind) => kinds.includes(kind));
  const refusals: string[] = [];
  for (const kind of order) {
    const ids = objects.filter((object) => object.kind === kind).map((object) => object.id);
    if (ids.length === 0) continue;
    const command = kind === 'container' ? ['rm', '--force', '--volumes'] : [kind, 'rm', ...(kind === 'image' ? ['--force'] : [])];
    const result = await execa('docker', [...command, ...ids], { reject: false });
    refusals.push(...result.stderr.split('\n').filter(Boolean));
  }
  // Whatever another process removed meanwhile is gone too: only what is still listed counts.
  return (await listLabelledObjects(filter))
    .filter((object) => kinds.includes(object.kind))
    .map((object) => {
      const reason = refusals.find((line) => line.includes(object.name) || line.includes(object.id.slice(0, 12)));
      return `${object.kind} ${object.name}${reason ? ` (docker: ${reason.replace(/^Error( response from daemon)?: /, '')})` : ''}`;
    });
}
