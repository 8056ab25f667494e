// When an environment does not become ready, says why, per service that is not: its
// last health check output, its restarts and OOM kills, its exit code, and the tail of
// its log. Read straight from Docker, so it also works after a failed or partial `up`.
import { execa } from 'execa';
import { stackContainers } from '../artifacts/collect-service-logs.ts';

interface HealthInspect {
  Name: string;
  RestartCount: number;
  State: {
    Status: string;
    ExitCode: number;
    OOMKilled: boolean;
    Health?: { Status: string; Log?: Array<{ ExitCode: number; Output: string }> };
  };
}

export interface NotReadyService {
  container: string;
  status: string;
  lastHealthOutput: string | undefined;
  restarts: number;
  oomKilled: boolean;
  logTail: string[];
}

/** A container is fine when healthy, or a one-shot job that exited 0. */
function isFine(state: HealthInspect['State']): boolean {
  if (state.Health) return state.Health.Status === 'healthy';
  return state.Status === 'running' || (state.Status === 'exited' && state.ExitCode === 0);
}

export async function whyNotReady(slug: string, tailLines = 15): Promise<NotReadyService[]> {
  const names = await stackContainers(slug);
  if (names.length === 0) return [];
  const inspect = await execa('docker', ['container', 'inspect', ...names], { reject: false });
  const containers = inspect.exitCode === 0 ? (JSON.parse(inspect.stdout) as HealthInspect[]) : [];
  const report: NotReadyService[] = [];
  for (const container of containers.filter((candidate) => !isFine(candidate.State))) {
    const name = container.Name.replace(/^\//, '');
    const logs = await execa('docker', ['logs', '--tail', String(tailLines), name], { reject: false, all: true });
    const lastCheck = container.State.Health?.Log?.at(-1);
    report.push({
      container: name,
      status: container.State.Health
        ? `${container.State.Status}, ${container.State.Health.Status}`
        : `${container.State.Status}${container.State.Status === 'exited' ? ` (exit ${container.State.ExitCode})` : ''}`,
      lastHealthOutput: lastCheck ? `exit ${lastCheck.ExitCode}: ${lastCheck.Output.trim().slice(0, 300)}` : undefined,
      restarts: container.RestartCount,
      oomKilled: container.State.OOMKilled,
      logTail: (logs.all ?? '').split('\n').filter(Boolean),
    });
  }
  return report;
}

export function formatWhyNotReady(services: NotReadyService[]): string {
  if (services.length === 0) return 'every container that exists is healthy (the failure came before or outside them)';
  return services
    .map((service) =>
      [
        `${service.container}: ${service.status}; restarts ${service.restarts}${service.oomKilled ? ', OOM-killed' : ''}`,
        ...(service.lastHealthOutput ? [`  last health check: ${service.lastHealthOutput}`] : []),
        '  log tail:',
        ...service.logTail.map((line) => `    ${line}`),
      ].join('\n'),
    )
    .join('\n');
}
