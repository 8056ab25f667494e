// How the suites reach inside their own environment, on either target: list a service's
// replicas, restart one and wait until it is healthy again, and run a command inside one
// with input on stdin (so nothing it carries shows on a command line). The outputs say
// which target the stack runs on; no suite names one.
import { type EnvironmentOutputs, isKubernetesOutputs } from '../../../infra/outputs-schema.ts';
import { dockerAccess } from './docker-access.ts';
import { kubernetesAccess } from './kubernetes-access.ts';

export interface ExecRequest {
  argv: string[];
  /** Fed on stdin, then stdin is closed. */
  input: string;
  timeoutMs: number;
  /** Each piece of stdout as it arrives (the lock holder watches for its marker). */
  onStdout?: (text: string) => void;
}

export interface StackAccess {
  /**
   * The running replicas of a service (container names on Docker, pod names on
   * Kubernetes) in a stable order. Where a target publishes one replica on the host
   * (Docker), that one comes first.
   */
  replicas(service: string): Promise<string[]>;
  /**
   * Restarts one replica and waits until it serves again (its health check on Docker, a
   * ready replacement pod on Kubernetes); resolves with the name it serves under now.
   */
  restartReplica(service: string, replica: string, timeoutMs: number): Promise<string>;
  /** Runs `argv` inside a replica; resolves with its stdout once it exits 0, rejects with its stderr otherwise. */
  exec(replica: string, request: ExecRequest): Promise<string>;
}

/** The access for the target the outputs describe; Kubernetes reads `KUBECONFIG` and `EPHEMERAL_KUBE_CONTEXT` from `env`. */
export function stackAccessFor(outputs: EnvironmentOutputs, env: Record<string, string | undefined> = process.env): StackAccess {
  return isKubernetesOutputs(outputs) ? kubernetesAccess(outputs.namespace, env) : dockerAccess(outputs.services);
}

/** The first replica of a service, or an error naming the service. */
export async function firstReplica(access: StackAccess, service: string): Promise<string> {
  const [replica] = await access.replicas(service);
  if (!replica) throw new Error(`the environment runs no replica of ${service}`);
  return replica;
}
