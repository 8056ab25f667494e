// The services of a stack as Docker shows them: every container that carries the stack's
// label, grouped by its `ephemeral.service` label (else by its name less the slug and a
// replica number). Log slices, the services at fault and metrics read this, not outputs.
import { execa } from 'execa';
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

/** Parses `docker ps --format '{{.Names}}\t{{.Label …service}}\t{{.Label …metrics-port}}'`. */
export function parseStackContainers(stdout: string, slug: string): StackContainer[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', service, port] = line.split('\t');
      const metricsPort = Number(port);
      return { name, service: serviceOf(name, slug, service?.trim() || undefined), metricsPort: Number.isInteger(metricsPort) && metricsPort > 0 ? metricsPort : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listStackContainers(slug: string): Promise<StackContainer[]> {
  const format = `{{.Names}}\t{{.Label "${containerLabelKeys.service}"}}\t{{.Label "${containerLabelKeys.metricsPort}"}}`;
  const { stdout } = await execa('docker', ['ps', '--all', '--filter', `label=${labelKeys.stack}=${slug}`, '--format', format]);
  return parseStackContainers(stdout, slug);
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
