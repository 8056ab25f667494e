// The environments that exist: every stack of the backend (with a shared backend, the
// whole team's), with its record (branch, expiry, owner runner and host), what this
// host's Docker says about its containers (URLs, health), and the namespaces a reachable
// cluster holds for it.
import { readdirSync } from 'node:fs';
import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { execa } from 'execa';
import type { ToolchainContext } from '../components/component.ts';
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { describeRunner } from '../coordination/runner-identity.ts';
import { belongsToBackend, labelKeys } from '../naming/labels.ts';
import { isFileBackend } from '../config/state-backend.ts';
import { workspaceOptions } from '../pulumi/open-stack.ts';
import type { LabelledStackObject } from '../targets/target-runtime.ts';
import type { EnvironmentRecord } from './environment-record.ts';

export interface EnvironmentListing {
  slug: string;
  branch: string | undefined;
  runId: string | undefined;
  createdAt: string | undefined;
  expiresAt: string | null | undefined;
  kept: boolean | undefined;
  /** The runner and host that made it, as its record says. */
  owner: { runner: string; host: string } | undefined;
  hasStack: boolean;
  /** Its namespaces on the cluster (kubernetes target). */
  namespaces: string[];
  /** Running containers (one-shot jobs that exited are not counted). */
  containers: number;
  healthy: number;
  urls: string[];
  state: 'running' | 'degraded' | 'stopped' | 'abandoned' | 'objects without a stack' | 'in another state backend' | 'on another host';
}

/** Stack names of the file backend, read from its folder: no CLI process needed. */
export function fileBackendStacks(toolchain: ToolchainContext): string[] {
  const url = toolchain.backendUrl;
  if (!isFileBackend(url)) return [];
  try {
    return readdirSync(`${url.slice('file://'.length)}/.pulumi/stacks/ephemeral`)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length));
  } catch {
    return [];
  }
}

export async function listStackNames(toolchain: ToolchainContext): Promise<string[]> {
  if (isFileBackend(toolchain.backendUrl)) return fileBackendStacks(toolchain);
  const workspace = await LocalWorkspace.create(await workspaceOptions(toolchain));
  return (await workspace.listStacks()).map((stack) => stack.name);
}

/** The entry points as `up` recorded them, by the config's names; else each published port, by container. */
async function publishedUrls(record: EnvironmentRecord | undefined, containerNames: string[]): Promise<string[]> {
  if (record?.entryPoints) return Object.entries(record.entryPoints).map(([name, url]) => `${name} ${url}`);
  const urls: string[] = [];
  for (const name of containerNames) {
    const ports = await execa('docker', ['port', name], { reject: false });
    for (const line of ports.stdout.split('\n').filter(Boolean)) {
      const [, address] = line.split(' -> ');
      if (address) urls.push(`${name} http://${address}`);
    }
  }
  return urls;
}

/** `runner X on host Y` for the list's owner column. */
export function ownerOf(listing: Pick<EnvironmentListing, 'owner'>): string {
  return listing.owner ? describeRunner(listing.owner) : '-';
}

/** `namespaces`: what a reachable cluster holds with stack labels (none: Docker only). */
export async function listEnvironments(toolchain: ToolchainContext, namespaces: readonly LabelledStackObject[] = []): Promise<EnvironmentListing[]> {
  const stacks = new Set(await listStackNames(toolchain));
  const store = toolchain.coordination;
  const records = new Map<string, EnvironmentRecord>((await store.readRecords()).map((record) => [record.slug, record]));
  const containers = (await listLabelledObjects(labelKeys.stack)).filter((object) => object.kind === 'container');
  const slugs = new Set([...stacks, ...records.keys(), ...[...containers, ...namespaces].map((object) => object.labels[labelKeys.stack] ?? '')]);
  slugs.delete('');
  const listings: EnvironmentListing[] = [];
  for (const slug of [...slugs].sort()) {
    const record = records.get(slug);
    const own = containers.filter((container) => container.labels[labelKeys.stack] === slug);
    const ownNamespaces = namespaces.filter((namespace) => namespace.labels[labelKeys.stack] === slug);
    const health = await Promise.all(
      own.map(async (container) => (await execa('docker', ['inspect', '--format', '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}', container.id], { reject: false })).stdout.trim()),
    );
    const healthy = health.filter((status) => status === 'healthy').length;
    const running = health.filter((status) => status === 'healthy' || status === 'running').length;
    listings.push({
      slug,
      branch: record?.branch ?? [...own, ...ownNamespaces][0]?.labels[labelKeys.branch],
      runId: record?.runId ?? [...own, ...ownNamespaces][0]?.labels[labelKeys.run],
      createdAt: record?.createdAt,
      expiresAt: record ? record.expiresAt : own[0]?.labels[labelKeys.expires],
      kept: record?.kept,
      owner: record?.owner,
      hasStack: stacks.has(slug),
      namespaces: ownNamespaces.map((namespace) => namespace.name),
      containers: running,
      healthy,
      urls: await publishedUrls(record, own.map((container) => container.name)),
      // A run that died before keeping its environment: nothing will tear it down but gc.
      state: record?.kept === false && !(await store.isBusy(slug))
        ? 'abandoned'
        : own.length === 0 && record?.owner && record.owner.host !== store.owner.host && record.target !== 'kubernetes'
        ? 'on another host'
        : stacks.has(slug) && ownNamespaces.length > 0
        ? 'running'
        : stacks.has(slug)
        ? running === 0 ? 'stopped' : healthy === running ? 'running' : 'degraded'
        : [...own, ...ownNamespaces].some((object) => !belongsToBackend(object.labels, toolchain.backendUrl)) ? 'in another state backend' : 'objects without a stack',
    });
  }
  return listings;
}
