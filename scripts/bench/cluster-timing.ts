// The local cluster's own figures: `cluster up` (start to the node Ready) and `cluster down`
// (until nothing is left), each run as a user runs it and read from its --json answer. The
// cluster is left as it was found: up → down, up; down → up, (the Kubernetes case), down.
// It refuses to take down a cluster that holds anyone's namespaces.
import type { ClusterTiming } from './bench-types.ts';

export type ClusterState = 'up' | 'down' | 'degraded';
export type ClusterStep = 'down' | 'up';

/** Namespaces every cluster has; any other one is somebody's. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Before the Kubernetes case, and after it. A degraded cluster is restarted and left up. Pure. */
export function planClusterTiming(state: ClusterState): { before: ClusterStep[]; after: ClusterStep[] } {
  return state === 'down' ? { before: ['up'], after: ['down'] } : { before: ['down', 'up'], after: [] };
}

/** `ours`: the bench's own namespaces (its Kubernetes case's), which a down may take. Pure. */
export function foreignNamespaces(names: string[], ours: (name: string) => boolean = () => false): string[] {
  return names.filter((name) => !systemNamespaces.includes(name) && !ours(name));
}

/** One `cluster up|down --json` as the bench ran it. */
export interface ClusterCommandRun {
  exitCode: number | undefined;
  stdout: string;
  wallSeconds: number;
}

/** What `cluster up --json` or `cluster down --json` said, folded into the timing. Pure. */
export function readClusterStep(step: ClusterStep, run: ClusterCommandRun): Partial<ClusterTiming> & { error?: string } {
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    // Named below from the exit code.
  }
  const number = (key: string) => (typeof answer[key] === 'number' ? (answer[key]) : undefined);
  if (run.exitCode !== 0 || answer.ok !== true) {
    const reason = typeof answer.error === 'string' ? answer.error : Array.isArray(answer.leftovers) ? `left behind: ${answer.leftovers.join('; ')}` : 'no answer on stdout';
    return { error: `cluster ${step} exited with ${run.exitCode ?? 'a signal'}: ${reason.split('\n')[0]}` };
  }
  if (step === 'down') return { downWallSeconds: run.wallSeconds, ...(number('seconds') === undefined ? {} : { downSeconds: number('seconds') }) };
  if (answer.alreadyUp === true) return { error: 'cluster up found the cluster already up: start to Ready was not measured' };
  return {
    upWallSeconds: run.wallSeconds,
    ...(number('nodeReadySeconds') === undefined ? {} : { nodeReadySeconds: number('nodeReadySeconds') }),
    ...(number('dnsReadySeconds') === undefined ? {} : { dnsReadySeconds: number('dnsReadySeconds') }),
  };
}

/** The cluster as the bench reaches it: through the CLI, as a user would (or a fake in tests). */
export interface ClusterControl {
  state(): Promise<ClusterState>;
  /** Every namespace's name; undefined when the cluster does not answer. */
  namespaces(): Promise<string[] | undefined>;
  run(step: ClusterStep): Promise<ClusterCommandRun>;
}

/** Why the cluster may not be taken down now, or undefined when only the bench uses it. */
async function othersOnCluster(control: ClusterControl, ours: (name: string) => boolean): Promise<string | undefined> {
  const others = foreignNamespaces((await control.namespaces()) ?? [], ours);
  if (others.length === 0) return undefined;
  return `the cluster holds namespaces of others (${others.join(', ')}): taking it down would break them; measure it when they are gone, or --skip cluster`;
}

async function runSteps(control: ClusterControl, steps: ClusterStep[], timing: ClusterTiming, progress: (line: string) => void, ours: (name: string) => boolean): Promise<ClusterTiming> {
  let result = timing;
  for (const step of steps) {
    // Checked before every down: somebody may have started using the cluster meanwhile.
    const refusal = step === 'down' ? await othersOnCluster(control, ours) : undefined;
    if (refusal !== undefined) return { ...result, ok: false, error: refusal };
    progress(`bench: cluster ${step}`);
    const read = readClusterStep(step, await control.run(step));
    result = { ...result, ...read, steps: [...result.steps, step], ok: result.ok && read.error === undefined };
    if (read.error !== undefined) return result;
  }
  return result;
}

/**
 * Before the Kubernetes rounds: takes an up cluster down and starts it again, timing both;
 * a down cluster is started (and taken down again by `finishClusterTiming`).
 */
export async function startClusterTiming(
  control: ClusterControl,
  progress: (line: string) => void,
  ours: (name: string) => boolean,
): Promise<{ timing: ClusterTiming; after: ClusterStep[] }> {
  const plan = planClusterTiming(await control.state());
  const timing = await runSteps(control, plan.before, { ok: true, steps: [] }, progress, ours);
  return { timing, after: timing.ok ? plan.after : [] };
}

/** After the Kubernetes rounds: whatever leaves the cluster as it was found. */
export async function finishClusterTiming(
  control: ClusterControl,
  started: { timing: ClusterTiming; after: ClusterStep[] },
  progress: (line: string) => void,
  ours: (name: string) => boolean,
): Promise<ClusterTiming> {
  return runSteps(control, started.after, started.timing, progress, ours);
}
