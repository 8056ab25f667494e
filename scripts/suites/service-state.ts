// Which services of the environment have no live container right now: a stopped worker
// explains failures in suites that never name it.
import { execa } from 'execa';

/** Services that exit by design once done (the migration job). */
const ONE_SHOT = new Set(['migrate']);

export function servicesWithoutLiveContainer(services: Record<string, string[]>, running: ReadonlySet<string>): string[] {
  return Object.entries(services)
    .filter(([service]) => !ONE_SHOT.has(service))
    .filter(([, containers]) => !containers.some((container) => running.has(container)))
    .map(([service]) => service)
    .sort();
}

export async function runningContainers(names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const result = await execa('docker', ['inspect', '--format', '{{.Name}} {{.State.Running}}', ...names], { reject: false });
  // Missing containers make inspect fail for them but still print the others.
  return new Set(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([, state]) => state === 'true')
      .map(([name]) => (name ?? '').replace(/^\//, '')),
  );
}

export async function servicesDown(services: Record<string, string[]>): Promise<string[]> {
  return servicesWithoutLiveContainer(services, await runningContainers(Object.values(services).flat()));
}
