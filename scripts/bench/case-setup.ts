// What a case needs around its rounds, set up so that a failure costs that case only:
// the PostgreSQL of (s), and the cluster case's start and finish. Each failure becomes a
// case failure with its reason; the rest of the bench runs on.
import type { ToolchainContext } from '../components/component.ts';
import { readBaseImageRefs } from '../components/base-images.ts';
import { describeError } from '../errors.ts';
import type { CaseFailure, ClusterTiming } from './bench-types.ts';
import { type BenchPostgres, startBenchPostgres } from './bench-postgres.ts';
import { type ClusterControl, type ClusterStep, finishClusterTiming, startClusterTiming } from './cluster-timing.ts';

export async function startPostgresCase(
  toolchain: Pick<ToolchainContext, 'paths'>,
  signal: AbortSignal,
  progress: (line: string) => void,
  failures: CaseFailure[],
  notes: string[],
): Promise<BenchPostgres | undefined> {
  try {
    const image = readBaseImageRefs(toolchain).postgres;
    progress('bench: (s) a PostgreSQL for the state backend');
    const postgres = await startBenchPostgres(image, signal);
    notes.push(`(s) keeps its stacks, branch locks and environment records in a PostgreSQL started for the bench (container ${postgres.name}, image ${image}, fsync off, on 127.0.0.1), removed after the rounds; (a) uses the file backend.`);
    return postgres;
  } catch (error) {
    signal.throwIfAborted();
    failures.push({ case: 'pg', reason: `its PostgreSQL did not start: ${describeError(error).split('\n')[0]}` });
    return undefined;
  }
}

export interface ClusterCaseStart {
  timing: ClusterTiming;
  after: ClusterStep[];
}

export async function startClusterCase(control: ClusterControl, progress: (line: string) => void, ours: (namespace: string) => boolean, failures: CaseFailure[]): Promise<ClusterCaseStart> {
  let started: ClusterCaseStart;
  try {
    started = await startClusterTiming(control, progress, ours);
  } catch (error) {
    started = { timing: { ok: false, steps: [], error: describeError(error).split('\n')[0] }, after: [] };
  }
  if (started.timing.error) failures.push({ case: 'cluster', reason: started.timing.error });
  return started;
}

export async function finishClusterCase(
  control: ClusterControl,
  started: ClusterCaseStart,
  progress: (line: string) => void,
  ours: (namespace: string) => boolean,
  failures: CaseFailure[],
): Promise<ClusterTiming> {
  if (started.after.length === 0) return started.timing;
  let timing: ClusterTiming;
  try {
    timing = await finishClusterTiming(control, started, progress, ours);
  } catch (error) {
    timing = { ...started.timing, ok: false, error: describeError(error).split('\n')[0] };
  }
  if (timing.error) failures.push({ case: 'cluster', reason: timing.error });
  return timing;
}
