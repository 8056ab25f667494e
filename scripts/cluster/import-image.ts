// Images reach the local cluster without a registry: `docker save` piped into the
// cluster's own containerd (`ctr -n k8s.io images import`), where the kubelet finds them.
// Pods then use imagePullPolicy Never (or IfNotPresent).
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { ClusterPaths } from './cluster-paths.ts';

function ctrArgs(paths: Pick<ClusterPaths, 'containerdSocket'>, args: string[]): string[] {
  return ['--address', paths.containerdSocket, '--namespace', 'k8s.io', ...args];
}

/** The image names the cluster's containerd holds, as it normalizes them. */
export async function clusterImages(paths: Pick<ClusterPaths, 'containerdSocket'>): Promise<string[]> {
  const result = await execa('ctr', ctrArgs(paths, ['images', 'list', '--quiet']));
  return result.stdout.split('\n').filter(Boolean);
}

/** Whether containerd holds a Docker short name (it stores `name:tag` under a full name). */
export function holdsImage(names: string[], image: string): boolean {
  return names.some((name) => name === image || name.endsWith(`/${image}`));
}

/**
 * One image per stream, so a failure names its image; a failed import (another run
 * importing the same layers at once) is tried once more.
 */
export async function importImages(paths: Pick<ClusterPaths, 'containerdSocket'>, images: string[]): Promise<void> {
  for (const image of images) {
    // Not buffered: an image is larger than execa's default output buffer, which would cut the stream.
    const attempt = () => execa('docker', ['save', image], { buffer: false }).pipe('ctr', ctrArgs(paths, ['images', 'import', '-']));
    await attempt().catch(async () => {
      await sleep(1_000);
      await attempt();
    });
  }
}

/** Imports those of `images` the cluster does not hold yet. */
export async function importMissingImages(paths: Pick<ClusterPaths, 'containerdSocket'>, images: string[]): Promise<string[]> {
  const present = await clusterImages(paths);
  const missing = images.filter((image) => !holdsImage(present, image));
  await importImages(paths, missing);
  return missing;
}
