// The events the preview workflow answers, as GitHub delivers them to a job: the
// `github` context its expressions see, and the GITHUB_* variables its steps get.
// Variables GitHub leaves empty for an event (GITHUB_HEAD_REF outside pull requests)
// are given as empty strings, as the runner does.

export interface PlayedEvent {
  /** `pull_request` or `schedule`. */
  name: string;
  /** The event payload (github.event). */
  payload: Record<string, unknown>;
  headRef: string;
  baseRef: string;
  ref: string;
  refName: string;
}

export const defaultBranch = 'main';

export function pullRequestEvent(action: 'opened' | 'synchronize' | 'closed', branch: string, number: number, sha: string): PlayedEvent {
  return {
    name: 'pull_request',
    payload: {
      action,
      number,
      pull_request: { number, state: action === 'closed' ? 'closed' : 'open', head: { ref: branch, sha }, base: { ref: defaultBranch } },
    },
    headRef: branch,
    baseRef: defaultBranch,
    ref: `refs/pull/${number}/merge`,
    refName: `${number}/merge`,
  };
}

export function scheduleEvent(cron: string): PlayedEvent {
  return { name: 'schedule', payload: { schedule: cron }, headRef: '', baseRef: '', ref: `refs/heads/${defaultBranch}`, refName: defaultBranch };
}

export interface RunnerFacts {
  workspace: string;
  sha: string;
  runId: string;
  temp: string;
  eventPath: string;
  stepSummary: string;
}

/** The `github` context of expressions. */
export function githubContext(event: PlayedEvent, runner: RunnerFacts): Record<string, unknown> {
  return {
    event_name: event.name,
    event: event.payload,
    head_ref: event.headRef,
    base_ref: event.baseRef,
    ref: event.ref,
    ref_name: event.refName,
    sha: runner.sha,
    repository: 'team/ephemeral',
    run_id: runner.runId,
    run_attempt: '1',
    workspace: runner.workspace,
    actor: 'developer',
  };
}

/** The default variables of every step, as the runner sets them. */
export function defaultStepVariables(event: PlayedEvent, runner: RunnerFacts): Record<string, string> {
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: runner.eventPath,
    GITHUB_HEAD_REF: event.headRef,
    GITHUB_BASE_REF: event.baseRef,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.refName,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_SHA: runner.sha,
    GITHUB_REPOSITORY: 'team/ephemeral',
    GITHUB_RUN_ID: runner.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: runner.workspace,
    GITHUB_STEP_SUMMARY: runner.stepSummary,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: runner.temp,
  };
}
