// What the seed and every suite of a run get: the outputs handed over, the run's artifacts
// dir, the stack's slug, and the project's root and declared services.
import type { LoadedProject } from '../contract/load-config.ts';
import type { SuiteContext } from '../suites/suite-runner.ts';
import type { WorkloadView } from '../targets/target-runtime.ts';
import type { OutputsHandoff } from './outputs-handoff.ts';

export interface RunOfSuites {
  artifactsDir: string;
  slug: string;
  signal: AbortSignal;
  progress: (line: string) => void;
  extraEnv?: Record<string, string> | undefined;
  workloads: WorkloadView;
}

export function suiteContextFor(project: LoadedProject, handoff: OutputsHandoff, run: RunOfSuites): SuiteContext {
  return {
    outputsFile: handoff.outputsFile,
    outputEnv: handoff.outputEnv,
    artifactsDir: run.artifactsDir,
    slug: run.slug,
    projectRoot: project.root,
    workloads: run.workloads,
    signal: run.signal,
    progress: run.progress,
    ...(project.config.services ? { services: project.config.services } : {}),
    ...(run.extraEnv ? { extraEnv: run.extraEnv } : {}),
  };
}
