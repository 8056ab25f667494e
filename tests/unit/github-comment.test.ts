// The pull request comment as text: the hidden marker first, the outcome, failing tests,
// the kept preview's URLs and expiry, slow phases, the artifacts' link; and the destroyed form.
import { describe, expect, it } from 'vitest';
import { entryPointsOf } from '../../scripts/cli/report-commands.ts';
import { commentMarker, githubRunUrl, renderDestroyedComment, renderGithubComment } from '../../scripts/report/github-comment.ts';
import { failedSummary, failingTestName, passedSummary } from './report-fixtures.ts';

const runUrl = 'https://github.example/team/app/actions/runs/42';

describe('renderGithubComment', () => {
  it('starts with the hidden marker of the slug, so the workflow updates its own comment', () => {
    const body = renderGithubComment(passedSummary());
    expect(body.split('\n')[0]).toBe('<!-- ephemeral:feature-report -->');
    expect(commentMarker('a-b')).toBe('<!-- ephemeral:a-b -->');
  });

  it('says a passing run passed, with its branch, run and exit code', () => {
    const body = renderGithubComment(passedSummary(), { runUrl });
    expect(body).toContain('### ephemeral `feature-report`: ✅ passed');
    expect(body).toContain('Branch `feature/report`, run `20261203T101256-faedce`, 90s, exit code 0.');
    expect(body).not.toContain('Failing tests');
    expect(body).toContain(`[Artifacts and report.html](${runUrl})`);
  });

  it('lists the failing tests, the service at fault and the planted fault', () => {
    const body = renderGithubComment(failedSummary());
    expect(body).toContain('❌ failed: a suite failed');
    expect(body).toContain('**Failing tests (2)**');
    expect(body).toContain(`- queue: \`${failingTestName}\``);
    expect(body).toContain('Service at fault: `worker`');
    expect(body).toContain('Planted fault: `worker-stopped`');
    expect(body).toContain('Artifacts: `/tmp/artifacts/feature-report/20261203T101256-faedce` (open `report.html` there)');
  });

  it('cuts a long list of failures and says how many more', () => {
    const body = renderGithubComment(failedSummary(), { maxFailures: 1 });
    expect(body).toContain('- … and 1 more (see report.html)');
    expect(body).not.toContain('alice sees the result');
  });

  it('gives a kept preview its URLs and expiry', () => {
    const summary = passedSummary({ kept: true, expiresAt: '2026-12-05T10:12:56.000Z' });
    const body = renderGithubComment(summary, { entryPoints: entryPointsOf(summary, { entryPoints: { web: { output: 'webUrl' }, api: { output: 'apiUrl' }, admin: { output: 'missing' } } }) });
    expect(body).toContain('**Preview** kept until 2026-12-05T10:12:56.000Z:');
    expect(body).toContain('| web | http://127.0.0.1:40001 |');
    expect(body).toContain('| api | http://127.0.0.1:40002 |');
    expect(body).not.toContain('admin');
  });

  it('names the slow phases against the default branch', () => {
    const body = renderGithubComment(passedSummary({ defaultBranch: 'main', slowPhases: [{ name: 'up', seconds: 30, medianSeconds: 12, runs: 10, ratio: 2.5 }] }));
    expect(body).toContain('Slower than usual against `main`: up 30.0s (median 12.0s)');
  });

  it('keeps a backtick in a name from breaking the code span', () => {
    const body = renderGithubComment(passedSummary({ branch: 'fix/`tick`' }));
    expect(body).toContain('Branch `` fix/`tick` ``');
  });
});

describe('renderDestroyedComment', () => {
  it('marks the same comment destroyed, with the last run when there is one', () => {
    const at = new Date('2026-12-04T09:00:00.000Z');
    const body = renderDestroyedComment('feature-report', 'feature/report', failedSummary(), { runUrl, at });
    expect(body.split('\n')[0]).toBe('<!-- ephemeral:feature-report -->');
    expect(body).toContain('🗑️ preview destroyed');
    expect(body).toContain('destroyed at 2026-12-04T09:00:00.000Z. Its last run `20261203T101256-faedce` ended suite-failed.');
    expect(renderDestroyedComment('s', 'b', undefined, { runUrl: undefined, at })).not.toContain('last run');
  });
});

describe('githubRunUrl', () => {
  it('is the Actions run URL when the three variables are set, else nothing', () => {
    expect(githubRunUrl({ GITHUB_SERVER_URL: 'https://github.example/', GITHUB_REPOSITORY: 'team/app', GITHUB_RUN_ID: '42' })).toBe(runUrl);
    expect(githubRunUrl({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'team/app' })).toBeUndefined();
  });
});
