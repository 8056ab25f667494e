// Images reach the local cluster without a registry: `docker save` piped into the
// cluster's own containerd (`ctr -n k8s.io images import`), where the kubelet finds them.
// Pods then use imagePullPolicy Never (or IfNotPresent).
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

export async function importImages(paths: Pick<ClusterPaths, 'containerdSocket'>, images: string[]): Promise<void> {
  if (images.length === 0) return;
  await execa('docker', ['save', ...images]).pipe('ctr', ctrArgs(paths, ['images', 'import', '-']));
}

/** Imports those of `images` the cluster does not hold yet. */
export async function importMissingImages(paths: Pick<ClusterPaths, 'containerdSocket'>, images: string[]): Promise<string[]> {
  const present = await clusterImages(paths);
  const missing = images.filter((image) => !holdsImage(present, image));
  await importImages(paths, missing);
  return missing;
}
