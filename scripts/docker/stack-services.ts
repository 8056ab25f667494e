// The services of a stack as Docker shows them: every container that carries the stack's
// label, grouped by its `ephemeral.service` label (else by its name less the slug and a
// replica number). Log slices, the services at fault and metrics read this, not outputs.
import { containerName, listContainers } from './engine-api.ts';
import { containerLabelKeys, labelKeys } from '../naming/labels.ts';

export interface StackContainer {
  name: string;
  service: string;
  /** `ephemeral.metrics-port`, when the program set it. */
  metricsPort: number | undefined;
}

/** `<slug>-jobs-2` → `jobs`; a label wins over the name. */
export function serviceOf(container: string, slug: string, label: string | undefined): string {
  if (label) return label;
  const bare = container.startsWith(`${slug}-`) ? container.slice(slug.length + 1) : container;
  return bare.replace(/-\d+$/, '') || bare;
}

/** Each listed container's name, service and metrics port. Pure. */
export function stackContainersOf(containers: ReadonlyArray<{ name: string; labels: Record<string, string> }>, slug: string): StackContainer[] {
  return containers
    .map(({ name, labels }) => {
      const metricsPort = Number(labels[containerLabelKeys.metricsPort]);
      return { name, service: serviceOf(name, slug, labels[containerLabelKeys.service]?.trim() || undefined), metricsPort: Number.isInteger(metricsPort) && metricsPort > 0 ? metricsPort : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listStackContainers(slug: string): Promise<StackContainer[]> {
  const listed = await listContainers([`${labelKeys.stack}=${slug}`]);
  return stackContainersOf(listed.map((container) => ({ name: containerName(container), labels: container.Labels ?? {} })), slug);
}

export function groupByService(containers: readonly StackContainer[]): Record<string, string[]> {
  const services: Record<string, string[]> = {};
  for (const container of containers) (services[container.service] ??= []).push(container.name);
  return services;
}

/** Container names per service. */
export async function stackServices(slug: string): Promise<Record<string, string[]>> {
  return groupByService(await listStackContainers(slug));
}
