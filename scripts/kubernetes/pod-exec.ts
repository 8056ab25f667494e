// Runs a command in a pod's container through the API server (as `kubectl exec`) and
// returns its stdout: what the tool runs inside workloads (a metrics scrape on the
// container's own loopback) without opening a port.
import { PassThrough } from 'node:stream';
import type { ClusterClients } from './cluster-access.ts';

export interface PodExec {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  timeoutMs: number;
}

export async function execInPod(clients: ClusterClients, request: PodExec): Promise<{ exitOk: boolean; stdout: string }> {
  const { Exec } = await import('@kubernetes/client-node');
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = Promise.withResolvers<boolean>();
  // Typed by `ws`, whose types are not installed: only close() is used.
  const socket = (await new Exec(clients.config).exec(request.namespace, request.pod, request.container, request.command, stdout, null, null, false, (status) =>
    done.resolve(status.status === 'Success'),
  )) as unknown as { close(): void };
  const timer = setTimeout(() => {
    socket.close();
    done.resolve(false);
  }, request.timeoutMs);
  try {
    const exitOk = await done.promise;
    return { exitOk, stdout: Buffer.concat(chunks).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}
