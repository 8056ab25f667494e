// kubectl against the local cluster (the admin kubeconfig), for starting and checking it.
import { execa } from 'execa';
import type { ClusterPaths } from './cluster-paths.ts';

export async function kubectl(paths: ClusterPaths, args: string[], input?: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const result = await execa(`${paths.binDir}/kubectl`, ['--kubeconfig', paths.kubeconfig, ...args], {
    reject: false,
    timeout: 30_000,
    ...(input === undefined ? {} : { input }),
  });
  return { ok: result.exitCode === 0, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Whether the node reports Ready=True, from `kubectl get node -o json`. */
export function isNodeReady(nodeJson: string): boolean {
  try {
    const node = JSON.parse(nodeJson) as { status?: { conditions?: { type: string; status: string }[] } };
    return node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
  } catch {
    return false;
  }
}
