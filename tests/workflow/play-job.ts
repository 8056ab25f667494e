// Plays one planned job on this machine as a self-hosted runner would: `run:` steps in
// bash with GitHub's default flags and variables, `actions/checkout` as a clean checkout
// of the commit in the workspace, `actions/upload-artifact` as a look at what it would
// upload. Each step's condition is evaluated when the step is reached.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { type JobPlan, type JobStatus, conditionHolds } from './workflow-plan.ts';

export interface StepRun {
  name: string;
  skipped: boolean;
  exitCode: number | undefined;
  stdout: string;
  /** stdout and stderr interleaved as they came. */
  all: string;
  /** For an upload step: the files it would upload. */
  uploaded: string[] | undefined;
}

export interface JobRun {
  job: string;
  status: JobStatus;
  steps: StepRun[];
}

export interface JobRunner {
  workspace: string;
  sha: string;
  temp: string;
  /** The runner's own environment (PATH, HOME, ...), before GitHub's variables. */
  baseEnv: Record<string, string>;
  /** GITHUB_* and the other variables every step gets. */
  stepVariables: Record<string, string>;
  /** The expression contexts of the job (github, vars, env, ...). */
  contexts: Record<string, unknown>;
  timeoutMs: number;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(path, entry))
    .filter((entry) => statSync(entry).isFile());
}

/** actions/checkout with its defaults (clean: true): the commit, nothing else. Installed packages stay, as a cache would keep them. */
async function checkout(runner: JobRunner): Promise<void> {
  await execa('git', ['-C', runner.workspace, 'reset', '--quiet', '--hard', runner.sha]);
  await execa('git', ['-C', runner.workspace, 'clean', '-ffdxq', '-e', 'node_modules']);
}

async function runScript(script: string, env: Record<string, string>, runner: JobRunner, index: number) {
  mkdirSync(runner.temp, { recursive: true });
  const file = join(runner.temp, `step-${index}.sh`);
  writeFileSync(file, script);
  // GitHub's default shell on Linux: `bash --noprofile --norc -eo pipefail {0}`.
  return execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: runner.workspace,
    env,
    extendEnv: false,
    all: true,
    reject: false,
    timeout: runner.timeoutMs,
  });
}

export async function playJob(job: JobPlan, runner: JobRunner): Promise<JobRun> {
  let status: JobStatus = 'success';
  const steps: StepRun[] = [];
  for (const [index, step] of job.steps.entries()) {
    const run: StepRun = { name: step.name, skipped: false, exitCode: undefined, stdout: '', all: '', uploaded: undefined };
    steps.push(run);
    if (!conditionHolds(step.condition, runner.contexts, status)) {
      run.skipped = true;
      continue;
    }
    if (step.uses?.startsWith('actions/checkout@')) {
      await checkout(runner);
      run.exitCode = 0;
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      run.uploaded = (step.with['path'] ?? '').split('\n').filter(Boolean).flatMap((path) => filesUnder(join(runner.workspace, path)));
      run.exitCode = 0;
    } else if (step.run !== undefined) {
      const env = { ...runner.baseEnv, ...runner.stepVariables, ...job.env, ...step.env };
      const result = await runScript(step.run, env, runner, index);
      Object.assign(run, { exitCode: result.exitCode ?? 1, stdout: result.stdout, all: result.all });
    } else {
      throw new Error(`job ${job.id}: the harness does not play ${step.uses ?? step.name}`);
    }
    if (run.exitCode !== 0) status = 'failure';
  }
  return { job: job.id, status, steps };
}
