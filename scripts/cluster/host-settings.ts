// The one host setting the cluster changes: kube-proxy turns on route_localnet so that
// NodePorts answer on 127.0.0.1. Its value before `cluster up` is kept and put back at
// `cluster down`.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterPaths } from './cluster-paths.ts';

const routeLocalnet = '/proc/sys/net/ipv4/conf/all/route_localnet';

function settingsFile(paths: ClusterPaths): string {
  return join(paths.root, 'host-settings.json');
}

export async function saveHostSettings(paths: ClusterPaths): Promise<void> {
  // Kept from the first start only: a restart must not record the cluster's own value.
  if (existsSync(settingsFile(paths)) || !existsSync(routeLocalnet)) return;
  mkdirSync(paths.root, { recursive: true });
  writeFileSync(settingsFile(paths), JSON.stringify({ routeLocalnet: readFileSync(routeLocalnet, 'utf8').trim() }));
}

export async function restoreHostSettings(paths: ClusterPaths): Promise<void> {
  if (!existsSync(settingsFile(paths))) return;
  const saved = JSON.parse(readFileSync(settingsFile(paths), 'utf8')) as { routeLocalnet?: string };
  if (saved.routeLocalnet !== undefined && existsSync(routeLocalnet)) writeFileSync(routeLocalnet, `${saved.routeLocalnet}\n`);
  rmSync(settingsFile(paths), { force: true });
}
