// Reads `docker inspect` output into what a wait needs, and judges it: a service is ready
// when its health check passes (a one-shot: when it exited 0), failed when it turned
// unhealthy or stopped. Pure.

export interface ContainerState {
  name: string;
  status: string;
  exitCode: number;
  health: string | undefined;
  /** The last health probe's output, for the error message. */
  lastProbe: string | undefined;
}

/** The --format that inspectLine parses: name, then the State as JSON. */
export const inspectStateFormat = '{{.Name}}\t{{json .State}}';

interface InspectedState {
  Status: string;
  ExitCode: number;
  Health?: { Status: string; Log?: Array<{ Output?: string }> | null };
}

export function parseInspectStates(stdout: string): ContainerState[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const tab = line.indexOf('\t');
      const state = JSON.parse(line.slice(tab + 1)) as InspectedState;
      return {
        name: line.slice(0, tab).replace(/^\//, ''),
        status: state.Status,
        exitCode: state.ExitCode,
        health: state.Health?.Status,
        lastProbe: state.Health?.Log?.at(-1)?.Output?.trim(),
      };
    });
}

export type Verdict = { kind: 'ready' } | { kind: 'waiting' } | { kind: 'failed'; reason: string };

export function judgeContainer(state: ContainerState | undefined, oneShot: boolean): Verdict {
  if (!state) return { kind: 'waiting' };
  if (oneShot) {
    if (state.status !== 'exited') return { kind: 'waiting' };
    return state.exitCode === 0 ? { kind: 'ready' } : { kind: 'failed', reason: `exited with ${state.exitCode}` };
  }
  if (state.status === 'exited' || state.status === 'dead') return { kind: 'failed', reason: `${state.status} with ${state.exitCode} before it was healthy` };
  if (state.health === 'unhealthy') return { kind: 'failed', reason: `unhealthy: ${state.lastProbe ?? 'no probe output'}` };
  if (state.health === undefined) return state.status === 'running' ? { kind: 'failed', reason: 'has no health check' } : { kind: 'waiting' };
  return state.health === 'healthy' ? { kind: 'ready' } : { kind: 'waiting' };
}
