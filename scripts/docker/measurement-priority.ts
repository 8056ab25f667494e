// While a run measures latency, its containers come first on the host's CPU. Other runs
// go on beside it (their drivers, suites and browsers at a lower nice), but their
// containers run under the engine, where a nice does not reach: a stack that starts or
// answers another run's suites took the measuring stack's CPU, and its p95 went from
// 130 ms to 526 ms. The weight is Docker's CPU shares, changed in place for the 15-20 s of
// the measurement and given back after: the paced load needs under a core, so the others
// keep the rest, and nobody's own checks starve for long. A preview without refresh does
// not see the change.
import { containerName, engineJson, listContainers } from './engine-api.ts';
import { labelKeys } from '../naming/labels.ts';

/** Eight times a default container's weight. */
const measuringShares = 8 * 1024;

/**
 * The shares that give a container the weight of one that never set any: cgroup v1's
 * default is 1024; under v2 the runtime maps shares to cpu.weight (1 + (shares - 2) ×
 * 9999 / 262142), and a default container's weight of 100 is 2598 shares. Pure.
 */
export function defaultShares(cgroupVersion: string | undefined): number {
  return cgroupVersion === '2' ? 2598 : 1024;
}

async function setShares(id: string, shares: number): Promise<void> {
  await engineJson('POST', `/containers/${id}/update`, { body: { CpuShares: shares } });
}

/** Puts the stack's running containers first; returns what gives their weight back. */
export async function favourStackContainers(slug: string): Promise<() => Promise<void>> {
  const running = (await listContainers([`${labelKeys.stack}=${slug}`])).filter((container) => container.State === 'running');
  const [info, own] = await Promise.all([
    engineJson<{ CgroupVersion?: string }>('GET', '/info'),
    Promise.all(running.map((container) => engineJson<{ HostConfig: { CpuShares?: number } }>('GET', `/containers/${container.Id}/json`))),
  ]);
  await Promise.all(running.map((container) => setShares(container.Id, measuringShares)));
  return async () => {
    const failed: string[] = [];
    await Promise.all(
      running.map((container, index) =>
        // A container removed meanwhile needs nothing back.
        setShares(container.Id, own[index]?.HostConfig.CpuShares || defaultShares(info.CgroupVersion)).catch((error: unknown) => {
          if ((error as { status?: number }).status !== 404) failed.push(containerName(container));
        }),
      ),
    );
    if (failed.length > 0) throw new Error(`could not give back the CPU weight of ${failed.join(', ')}`);
  };
}
