// Reads a container's inspect data (the engine's JSON) into what a wait needs, and judges
// it: a service is ready when its health check passes (a one-shot: when it exited 0),
// failed when it turned unhealthy or stopped. While Docker has not run the check yet
// ("starting"), the verdict is "probe": the waiter runs the container's own health check
// itself. Pure.

export interface ContainerState {
  name: string;
  status: string;
  exitCode: number;
  health: string | undefined;
  /** The last health probe's output, for the error message. */
  lastProbe: string | undefined;
  /** The health check's command as Docker runs it (CMD-SHELL becomes sh -c), if any. */
  healthCommand: string[] | undefined;
  /** The health check's timeout in milliseconds. */
  healthTimeoutMs: number;
  /** When the container's process started (epoch milliseconds), if it did. */
  startedAt: number | undefined;
}

interface InspectedState {
  Status: string;
  ExitCode: number;
  StartedAt?: string;
  Health?: { Status: string; Log?: Array<{ Output?: string }> | null };
}

/** Docker's HealthConfig: Test as given, durations in nanoseconds. */
interface InspectedHealthcheck {
  Test?: string[] | null;
  Timeout?: number;
}

const defaultHealthTimeoutMs = 30_000;

/** The command Docker runs for a health check's Test, or undefined for none ("NONE", inherited). */
export function healthCommandOf(test: string[] | null | undefined): string[] | undefined {
  const [kind, ...rest] = test ?? [];
  if (kind === 'CMD' && rest.length > 0) return rest;
  if (kind === 'CMD-SHELL' && rest.length > 0) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

/** Docker writes the zero time for a container that never started. */
function startedAtOf(text: string | undefined): number | undefined {
  const time = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(time) || time <= 0 ? undefined : time;
}

/** The part of a container's inspect data a wait reads. */
export interface InspectedContainer {
  Name: string;
  State: InspectedState;
  Config?: { Healthcheck?: InspectedHealthcheck | null };
}

export function containerStateOf(inspected: InspectedContainer): ContainerState {
  const { State: state } = inspected;
  const healthcheck = inspected.Config?.Healthcheck;
  return {
    name: inspected.Name.replace(/^\//, ''),
    status: state.Status,
    exitCode: state.ExitCode,
    health: state.Health?.Status,
    lastProbe: state.Health?.Log?.at(-1)?.Output?.trim(),
    healthCommand: healthCommandOf(healthcheck?.Test),
    healthTimeoutMs: healthcheck?.Timeout ? healthcheck.Timeout / 1e6 : defaultHealthTimeoutMs,
    startedAt: startedAtOf(state.StartedAt),
  };
}

export type Verdict = { kind: 'ready' } | { kind: 'waiting' } | { kind: 'probe'; command: string[] } | { kind: 'failed'; reason: string };

/** A one-shot is a container without a health check: ready once it exited 0. */
export function judgeContainer(state: ContainerState | undefined, oneShot: boolean): Verdict {
  if (!state) return { kind: 'waiting' };
  if (oneShot || (!state.healthCommand && state.status === 'exited')) {
    if (state.status !== 'exited') return { kind: 'waiting' };
    return state.exitCode === 0 ? { kind: 'ready' } : { kind: 'failed', reason: `exited with ${state.exitCode}` };
  }
  if (state.status === 'exited' || state.status === 'dead') return { kind: 'failed', reason: `${state.status} with ${state.exitCode} before it was healthy` };
  if (state.health === 'unhealthy') return { kind: 'failed', reason: `unhealthy: ${state.lastProbe ?? 'no probe output'}` };
  if (!state.healthCommand) return state.status === 'running' ? { kind: 'failed', reason: 'has no health check (readiness waits for the health check of every container the stack labels: give it one)' } : { kind: 'waiting' };
  if (state.health === 'healthy') return { kind: 'ready' };
  return state.status === 'running' ? { kind: 'probe', command: state.healthCommand } : { kind: 'waiting' };
}
