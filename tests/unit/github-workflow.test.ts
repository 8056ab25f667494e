// The preview workflow as GitHub's parser and expression engine read it, for each event
// it answers: which job runs, with which variables and concurrency group. The e2e
// harness (tests/e2e/preview-workflow.test.ts) then runs those jobs for real.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/toolchain/pins.ts';
import { type PlayedEvent, type RunnerFacts, pullRequestEvent, scheduleEvent } from '../workflow/github-events.ts';
import { type JobPlan, evaluateExpression, planWorkflow } from '../workflow/workflow-plan.ts';

const file = join(projectRoot, '.github/workflows/preview.yml');
const runner: RunnerFacts = { workspace: '/ws', sha: 'abc123', runId: '1', temp: '/tmp/r', eventPath: '/tmp/r/event.json', stepSummary: '/tmp/r/summary.md' };
const branch = 'feature/Foo';

function plan(event: PlayedEvent, vars: Record<string, string> = {}, secrets: Record<string, string> = {}): Promise<JobPlan[]> {
  return planWorkflow({ file, event, vars, secrets, runner });
}

function runSteps(job: JobPlan | undefined): string[] {
  return (job?.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
}

describe('preview workflow', () => {
  it('on a pull request push runs only the preview job: the cycle kept with a TTL, one group per branch', async () => {
    const jobs = await plan(pullRequestEvent('synchronize', branch, 7, 'abc123'));
    expect(jobs.map((job) => job.id)).toEqual(['preview']);
    expect(runSteps(jobs[0])).toEqual([expect.stringMatching(/npm run ephemeral -- run --keep --ttl \d+[hd]/)]);
    expect(jobs[0]?.concurrencyGroup).toBe(`ephemeral-${branch}`);
  });

  it('uploads the artifacts whatever the outcome', async () => {
    const [preview] = await plan(pullRequestEvent('opened', branch, 7, 'abc123'));
    const upload = preview?.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.condition).toBe('always()');
    expect(upload?.with['path']).toBe('artifacts/');
  });

  it('on close runs only the destroy job, in the branch group', async () => {
    const jobs = await plan(pullRequestEvent('closed', branch, 7, 'abc123'));
    expect(jobs.map((job) => job.id)).toEqual(['destroy']);
    expect(runSteps(jobs[0])).toEqual(['npm run ephemeral -- down']);
    expect(jobs[0]?.concurrencyGroup).toBe(`ephemeral-${branch}`);
  });

  it('on the schedule runs only gc', async () => {
    const jobs = await plan(scheduleEvent('17 3 * * *'));
    expect(jobs.map((job) => job.id)).toEqual(['gc']);
    expect(runSteps(jobs[0])).toEqual(['npm run ephemeral -- gc']);
  });

  it('passes an unset repository variable as an empty string, as GitHub does, and a set one as is', async () => {
    const [unset] = await plan(scheduleEvent('17 3 * * *'));
    expect(unset?.env['PULUMI_BACKEND_URL']).toBe('');
    const [set] = await plan(scheduleEvent('17 3 * * *'), { EPHEMERAL_BACKEND_URL: 's3://team-state' });
    expect(set?.env['PULUMI_BACKEND_URL']).toBe('s3://team-state');
    expect(unset?.env['PULUMI_CONFIG_PASSPHRASE']).toBe('');
  });

  it('takes a team-mode backend URL and passphrase from secrets (the URL holds a password)', async () => {
    const url = 'postgres://team:pw@db.example:5432/state?sslmode=disable';
    const [job] = await plan(scheduleEvent('17 3 * * *'), { EPHEMERAL_BACKEND_URL: 's3://ignored' }, { EPHEMERAL_BACKEND_URL: url, EPHEMERAL_CONFIG_PASSPHRASE: 'team' });
    expect(job?.env['PULUMI_BACKEND_URL']).toBe(url);
    expect(job?.env['PULUMI_CONFIG_PASSPHRASE']).toBe('team');
  });

  it('evaluates status functions by the job status', () => {
    expect(evaluateExpression('always()', {}, 'failure').coerceString()).toBe('true');
    expect(evaluateExpression('success()', {}, 'failure').coerceString()).toBe('false');
    expect(evaluateExpression("github.event_name == 'schedule'", { github: { event_name: 'schedule' } }).coerceString()).toBe('true');
  });
});
