// The body of the one pull-request comment per branch: outcome, failing tests, the
// preview's URLs and expiry when it is kept, slow phases, and the link to the artifacts;
// or, after teardown, the same comment marked destroyed. The hidden marker lets the
// workflow find and update its own comment in place. Pure.
import type { RunSummary } from '../artifacts/run-summary.ts';
import type { Env } from '../toolchain/cache-paths.ts';

export interface CommentContext {
  /** The CI run that holds the artifacts, when known. */
  runUrl?: string | undefined;
  /** Each entry point's URL by its name in the config (from the run's outputs). */
  entryPoints?: Record<string, string>;
  /** How many failing tests are listed before "and N more". */
  maxFailures?: number;
}

export function commentMarker(slug: string): string {
  return `<!-- ephemeral:${slug} -->`;
}

/** GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID, when all three are set. */
export function githubRunUrl(env: Env): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repository = env['GITHUB_REPOSITORY'];
  const runId = env['GITHUB_RUN_ID'];
  return server && repository && runId ? `${server.replace(/\/$/, '')}/${repository}/actions/runs/${runId}` : undefined;
}

/** Markdown inline code that survives backticks in the value. */
function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const fence = clean.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ` ${clean} ` : clean}${fence}`;
}

const headline: Record<RunSummary['outcome'], string> = {
  passed: '✅ passed',
  'suite-failed': '❌ failed: a suite failed',
  'provision-failed': '❌ failed: the environment could not be provisioned or never became ready',
  'teardown-incomplete': '⚠️ failed: teardown did not complete',
  interrupted: '⚠️ interrupted',
  refused: '⚠️ refused: bad input',
};

function artifactsLine(summary: RunSummary, runUrl: string | undefined): string {
  return runUrl
    ? `[Artifacts and report.html](${runUrl}) (in the run's artifacts: \`${summary.slug}/${summary.runId}/report.html\`)`
    : `Artifacts: ${code(summary.artifactsDir)} (open \`report.html\` there)`;
}

export function renderGithubComment(summary: RunSummary, context: CommentContext = {}): string {
  const maxFailures = context.maxFailures ?? 20;
  const lines = [
    commentMarker(summary.slug),
    `### ephemeral ${code(summary.slug)}: ${headline[summary.outcome]}`,
    '',
    `Branch ${code(summary.branch)}, run ${code(summary.runId)}, ${summary.seconds.toFixed(0)}s, exit code ${summary.exitCode}.` + (summary.fault ? ` Planted fault: ${code(summary.fault)}.` : ''),
  ];
  const suites = summary.suites;
  if (suites.length > 0) {
    const counts = suites.map((suite) => `${suite.suite} ${suite.failed > 0 ? `${suite.failed} failed, ` : ''}${suite.passed} passed`);
    lines.push('', `Suites: ${counts.join(' · ')}`);
  }
  const failures = suites.flatMap((suite) => suite.failures.map((failure) => `- ${suite.suite}: ${code(failure)}`));
  if (failures.length > 0) {
    lines.push('', `**Failing tests (${failures.length})**`, '', ...failures.slice(0, maxFailures));
    if (failures.length > maxFailures) lines.push(`- … and ${failures.length - maxFailures} more (see report.html)`);
    const atFault = [...new Set(suites.flatMap((suite) => suite.serviceAtFault ?? []))];
    if (atFault.length > 0) lines.push('', `Service at fault: ${atFault.map(code).join(', ')}`);
  }
  if (summary.outcome === 'provision-failed') {
    const first = summary.errors[0]?.split('\n')[0];
    if (first) lines.push('', `Error: ${code(first)}`);
  }
  const urls = Object.entries(context.entryPoints ?? {});
  if (summary.kept) {
    lines.push('', `**Preview** kept until ${summary.expiresAt ?? 'never'}${urls.length ? ':' : '.'}`);
    if (urls.length) lines.push('', '| entry point | URL |', '| --- | --- |', ...urls.map(([name, url]) => `| ${name} | ${url} |`));
  }
  if (summary.slowPhases && summary.slowPhases.length > 0) {
    const slow = summary.slowPhases.map((phase) => `${phase.name} ${phase.seconds.toFixed(1)}s (median ${phase.medianSeconds.toFixed(1)}s)`);
    lines.push('', `Slower than usual against ${code(summary.defaultBranch ?? 'the default branch')}: ${slow.join(', ')}`);
  }
  if (summary.leftBehind.length > 0) lines.push('', `Left behind: ${summary.leftBehind.map(code).join(', ')} (\`npm run ephemeral -- gc\` removes it)`);
  lines.push('', artifactsLine(summary, context.runUrl), '');
  return lines.join('\n');
}

/** After the preview was torn down: the same comment, marked destroyed. */
export function renderDestroyedComment(slug: string, branch: string, last: RunSummary | undefined, context: { runUrl?: string | undefined; at: Date }): string {
  const lines = [
    commentMarker(slug),
    `### ephemeral ${code(slug)}: 🗑️ preview destroyed`,
    '',
    `The preview of branch ${code(branch)} was destroyed at ${context.at.toISOString()}.` + (last ? ` Its last run ${code(last.runId)} ${last.outcome === 'passed' ? 'passed' : `ended ${last.outcome}`}.` : ''),
  ];
  if (context.runUrl) lines.push('', `[Teardown run](${context.runUrl})`);
  lines.push('');
  return lines.join('\n');
}
