// Waits until a branch's namespace is ready (workload-verdict.ts), polling its objects;
// stops at the first hopeless verdict, at the deadline, or when the run is aborted.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterClients } from './cluster-access.ts';
import { readNamespaceObjects } from './namespace-objects.ts';
import { type JudgedWorkload, judgeNamespace, namespaceVerdict, type WorkloadVerdict } from './workload-verdict.ts';

export interface NamespaceWait {
  namespace: string;
  timeoutMs: number;
  /** Between two looks; the API server answers a list in milliseconds. */
  intervalMs?: number;
  signal?: AbortSignal;
}

export interface NamespaceWaitResult {
  verdict: WorkloadVerdict;
  workloads: JudgedWorkload[];
  waitedMs: number;
}

export async function waitForNamespace(clients: ClusterClients, wait: NamespaceWait): Promise<NamespaceWaitResult> {
  const started = performance.now();
  for (;;) {
    const workloads = judgeNamespace(await readNamespaceObjects(clients, wait.namespace));
    const verdict = namespaceVerdict(workloads);
    const waitedMs = performance.now() - started;
    if (verdict.kind !== 'waiting' || waitedMs >= wait.timeoutMs || wait.signal?.aborted) return { verdict, workloads, waitedMs };
    await sleep(wait.intervalMs ?? 250, undefined, wait.signal ? { signal: wait.signal } : {}).catch(() => undefined);
  }
}
