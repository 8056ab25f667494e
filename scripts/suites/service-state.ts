// Which services of the environment have no live container right now: a stopped worker
// explains failures in suites that never name it. A container that ran once and exited 0
// (a migration job) is done, not down.
import { execa } from 'execa';

export interface ContainerState {
  running: boolean;
  /** Exited with code 0: a one-shot job that finished. */
  done: boolean;
}

export function servicesWithoutLiveContainer(services: Record<string, string[]>, states: ReadonlyMap<string, ContainerState>): string[] {
  return Object.entries(services)
    .filter(([, containers]) => !containers.some((container) => states.get(container)?.running))
    .filter(([, containers]) => containers.length === 0 || !containers.every((container) => states.get(container)?.done))
    .map(([service]) => service)
    .sort();
}

export async function containerStates(names: readonly string[]): Promise<Map<string, ContainerState>> {
  if (names.length === 0) return new Map();
  const result = await execa('docker', ['inspect', '--format', '{{.Name}} {{.State.Running}} {{.State.Status}} {{.State.ExitCode}}', ...names], { reject: false });
  // Missing containers make inspect fail for them but still print the others.
  return new Map(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([name]) => name)
      .map(([name = '', running, status, exitCode]) => [name.replace(/^\//, ''), { running: running === 'true', done: status === 'exited' && exitCode === '0' }]),
  );
}

export async function servicesDown(services: Record<string, string[]>): Promise<string[]> {
  return servicesWithoutLiveContainer(services, await containerStates(Object.values(services).flat()));
}
