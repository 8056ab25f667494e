// The preview workflow played as GitHub runs it, in a clean clone: GitHub's parser reads
// the file, GitHub's expression engine evaluates its conditions and `env:` blocks, and
// each job's steps run in bash with the variables a pull-request, close or schedule
// event gives. Once with the repository variable unset (GitHub passes ""), once set.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../scripts/artifacts/run-summary.ts';
import { secretsInStackExport } from '../../scripts/artifacts/redact.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { listEnvironments, listStackNames } from '../../scripts/environments/list-environments.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { selectExistingStack } from '../../scripts/pulumi/open-stack.ts';
import { projectRoot } from '../../scripts/toolchain/pins.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';
import { type PlayedEvent, type RunnerFacts, defaultStepVariables, githubContext, pullRequestEvent, scheduleEvent } from '../workflow/github-events.ts';
import { type JobRun, playJob } from '../workflow/play-job.ts';
import { planWorkflow } from '../workflow/workflow-plan.ts';

const workflowFile = join(projectRoot, '.github/workflows/preview.yml');
// A job installs the clone's packages on its first step and runs a whole cycle: give it
// what a loaded 2-core runner needs, far below the workflow's own 60 minutes.
const jobTimeoutMs = 15 * 60_000;
const root = mkdtempSync(join(tmpdir(), 'ephemeral-workflow-'));
const workspace = join(root, 'workspace');
let sha = '';

// The runner's own environment: no trace of this checkout's node_modules on PATH.
const baseEnv: Record<string, string> = Object.fromEntries(
  Object.entries({
    PATH: (process.env['PATH'] ?? '').split(delimiter).filter((entry) => !entry.startsWith(projectRoot)).join(delimiter),
    HOME: process.env['HOME'],
    USER: process.env['USER'],
    LANG: process.env['LANG'] ?? 'C.UTF-8',
    EPHEMERAL_CACHE_DIR: process.env['EPHEMERAL_CACHE_DIR'],
    XDG_CACHE_HOME: process.env['XDG_CACHE_HOME'],
  }).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
);

interface RepositorySettings {
  vars: Record<string, string>;
  secrets: Record<string, string>;
}

async function playEvent(event: PlayedEvent, { vars, secrets }: RepositorySettings): Promise<JobRun[]> {
  const runId = String(Date.now());
  const temp = join(root, `runner-temp-${runId}`);
  mkdirSync(temp, { recursive: true });
  const runner: RunnerFacts = { workspace, sha, runId, temp, eventPath: join(temp, 'event.json'), stepSummary: join(temp, 'step-summary.md') };
  writeFileSync(runner.eventPath, JSON.stringify(event.payload));
  writeFileSync(runner.stepSummary, '');
  const jobs = await planWorkflow({ file: workflowFile, event, vars, secrets, runner });
  const runs: JobRun[] = [];
  for (const job of jobs) {
    const contexts = { github: githubContext(event, runner), vars, secrets, env: job.env, runner: { os: 'Linux', temp } };
    runs.push(await playJob(job, { workspace, sha, temp, baseEnv, stepVariables: defaultStepVariables(event, runner), contexts, timeoutMs: jobTimeoutMs }));
  }
  return runs;
}

function onlyJob(runs: JobRun[], id: string): JobRun {
  expect(runs.map((run) => run.job)).toEqual([id]);
  const run = runs[0]!;
  const failed = run.steps.filter((step) => step.exitCode !== 0 && !step.skipped);
  expect(failed.map((step) => `${step.name} exited ${step.exitCode}:\n${step.all.slice(-3000)}`)).toEqual([]);
  return run;
}

/** The tool's view with the settings the workflow passes on. */
function toolchainFor({ vars, secrets }: RepositorySettings) {
  return createToolchainContext({
    ...process.env,
    PULUMI_BACKEND_URL: vars['EPHEMERAL_BACKEND_URL'] ?? '',
    PULUMI_CONFIG_PASSPHRASE: secrets['EPHEMERAL_CONFIG_PASSPHRASE'] ?? '',
  });
}

function summaryOf(slug: string): RunSummary {
  const dir = join(workspace, 'artifacts', slug);
  const [run] = readdirSync(dir);
  return JSON.parse(readFileSync(join(dir, run!, 'summary.json'), 'utf8')) as RunSummary;
}

beforeAll(async () => {
  sha = (await execa('git', ['-C', projectRoot, 'rev-parse', 'HEAD'])).stdout.trim();
  await execa('git', ['clone', '--quiet', '--no-hardlinks', projectRoot, workspace]);
  await execa('git', ['-C', workspace, 'checkout', '--quiet', '--detach', sha]);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const settingCases: Array<[string, RepositorySettings]> = [
  ['unset (GitHub passes empty strings)', { vars: {}, secrets: {} }],
  [
    'set: a file backend of its own and a passphrase',
    { vars: { EPHEMERAL_BACKEND_URL: `file://${join(root, 'team-state')}` }, secrets: { EPHEMERAL_CONFIG_PASSPHRASE: randomBytes(12).toString('hex') } },
  ],
];

describe.each(settingCases)('preview workflow with the repository variable and secret %s', (_label, settings) => {
  const branch = `feature/Preview-${randomBytes(3).toString('hex')}`;
  const slug = branchSlug(branch);
  const pullRequest = 4000 + Math.floor(Math.random() * 1000);
  const orphanSlug = `leaked-${randomBytes(3).toString('hex')}`;

  it('pull_request opened: only the preview job runs, passes, keeps the environment, masks every secret first', async () => {
    mkdirSync(join(root, 'team-state'), { recursive: true });
    const runs = await playEvent(pullRequestEvent('opened', branch, pullRequest, sha), settings);
    const job = onlyJob(runs, 'preview');
    const cycle = job.steps.find((step) => step.all.includes('run '))!;
    const summary = summaryOf(slug);
    expect(summary.branch).toBe(branch);
    expect(summary.outcome).toBe('passed');
    expect(summary.kept).toBe(true);
    const toolchain = toolchainFor(settings);
    const listed = (await listEnvironments(toolchain)).find((environment) => environment.slug === slug);
    expect(listed?.state, 'the kept preview is listed in the backend the workflow named').toBe('running');
    expect(listed?.expiresAt).toBeTruthy();
    expect(job.steps.find((step) => step.uploaded !== undefined)?.uploaded?.some((file) => file.endsWith('summary.json'))).toBe(true);
    expect(readFileSync(join(root, readdirSync(root).filter((name) => name.startsWith('runner-temp-')).sort().at(-1)!, 'step-summary.md'), 'utf8')).toContain(slug);

    const stack = await selectExistingStack({ toolchain, stackName: slug, program: async () => ({}) });
    const secrets = [...secretsInStackExport((await stack!.exportStack()).deployment)];
    expect(secrets.length, 'the generated passwords and token').toBeGreaterThanOrEqual(4);
    const maskLines = cycle.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    for (const secret of secrets) expect(maskLines, 'a mask for each generated secret').toContain(`::add-mask::${secret}`);
    const firstMask = cycle.all.indexOf('::add-mask::');
    expect(firstMask).toBeGreaterThan(-1);
    expect(firstMask, 'masks are registered before seed').toBeLessThan(cycle.all.indexOf('seed ...'));
    const unmasked = cycle.all.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const secret of secrets) expect(unmasked.includes(secret)).toBe(false);
  }, jobTimeoutMs);

  it('schedule: only the gc job runs; it removes leaked objects and leaves the live preview alone', async () => {
    const labels = ['--label', `${labelKeys.stack}=${orphanSlug}`, '--label', `${labelKeys.branch}=gone/branch`];
    await execa('docker', ['network', 'create', '--internal', ...labels, `${orphanSlug}-private`]);
    await execa('docker', ['volume', 'create', ...labels, `${orphanSlug}-data`]);
    const runs = await playEvent(scheduleEvent('17 3 * * *'), settings);
    onlyJob(runs, 'gc');
    expect(await listLabelledObjects(`${labelKeys.stack}=${orphanSlug}`)).toEqual([]);
    const listed = (await listEnvironments(toolchainFor(settings))).find((environment) => environment.slug === slug);
    expect(listed?.state).toBe('running');
  }, jobTimeoutMs);

  it('pull_request closed: only the destroy job runs and nothing of the branch is left', async () => {
    const runs = await playEvent(pullRequestEvent('closed', branch, pullRequest, sha), settings);
    onlyJob(runs, 'destroy');
    const toolchain = toolchainFor(settings);
    expect(await listLabelledObjects(`${labelKeys.stack}=${slug}`)).toEqual([]);
    expect(await listStackNames(toolchain)).not.toContain(slug);
    expect((await listEnvironments(toolchain)).map((environment) => environment.slug)).not.toContain(slug);
  }, jobTimeoutMs);
});
