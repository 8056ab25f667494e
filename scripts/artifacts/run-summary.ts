// The one summary of a run, built from plain data: summary.json, summary.md, the
// terminal's closing lines and --json output all come from it.
import type { ServiceLogSummary } from './collect-service-logs.ts';
import type { SuiteResult } from '../suites/suite-runner.ts';
import type { ResourcePeak } from './resource-sampler.ts';
import type { PhaseRecord } from '../lifecycle/phase-clock.ts';
import type { SlowPhase } from '../history/slow-phases.ts';
import { type UpgradeReport, renderUpgradeMarkdown } from '../upgrade/upgrade-report.ts';

export type RunOutcome = 'passed' | 'suite-failed' | 'provision-failed' | 'teardown-incomplete' | 'interrupted' | 'refused';

/** One suite's counts: the runners' result, as the summary carries it. */
export type SuiteCounts = SuiteResult;

export interface RunSummary {
  runId: string;
  branch: string;
  slug: string;
  /** The project's name, from its config. */
  project?: string;
  outcome: RunOutcome;
  exitCode: number;
  startedAt: string;
  seconds: number;
  phases: PhaseRecord[];
  suites: SuiteCounts[];
  /** The fault planted with --fault, if any. */
  fault: string | undefined;
  outputs: Record<string, unknown> | undefined;
  services: ServiceLogSummary[];
  resources: ResourcePeak[];
  errors: string[];
  warnings: string[];
  kept: boolean;
  expiresAt: string | undefined;
  leftBehind: string[];
  artifactsDir: string;
  /** The branch whose earlier runs the phases were compared with. */
  defaultBranch?: string;
  /** Phases over 1.5× their median on the default branch (scripts/history/slow-phases.ts). */
  slowPhases?: SlowPhase[];
  /** report.html, the page a person opens first. */
  reportFile?: string;
  /** With --upgrade-from: the version it started from, the rollout's plan and duration, the downtime per entry point. */
  upgrade?: UpgradeReport;
}

const outcomeTitle: Record<RunOutcome, string> = {
  passed: 'passed',
  'suite-failed': 'failed: a suite failed',
  'provision-failed': 'failed: the environment could not be provisioned or never became ready',
  'teardown-incomplete': 'failed: teardown did not complete',
  interrupted: 'interrupted',
  refused: 'refused: bad input, nothing was deployed',
};

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

export function renderSummaryMarkdown(summary: RunSummary): string {
  const lines = [
    `## ephemeral ${summary.slug}: ${outcomeTitle[summary.outcome]}`,
    '',
    `Branch \`${summary.branch}\`, run \`${summary.runId}\`, ${summary.seconds.toFixed(1)}s, exit code ${summary.exitCode}.` +
      (summary.kept ? ` Environment kept until ${summary.expiresAt ?? 'never'}.` : '') +
      (summary.fault ? ` Planted fault: \`${summary.fault}\`.` : ''),
    '',
    '### Phases',
    '',
    ...table(
      ['phase', 'start', 'seconds', 'result'],
      summary.phases.map((phase) => [phase.name, phase.startedAt.slice(11, 19), phase.seconds.toFixed(1), phase.ok ? 'ok' : 'failed']),
    ),
  ];
  if (summary.slowPhases && summary.slowPhases.length > 0) {
    lines.push('', `**Slower than usual** (over 1.5× the median of \`${summary.defaultBranch ?? 'the default branch'}\`'s last runs):`, '');
    lines.push(...summary.slowPhases.map((slow) => `- ${slow.name}: ${slow.seconds.toFixed(1)}s, median ${slow.medianSeconds.toFixed(1)}s of ${slow.runs} runs (${slow.ratio.toFixed(1)}×)`));
  }
  if (summary.upgrade) lines.push('', ...renderUpgradeMarkdown(summary.upgrade));
  if (summary.suites.length > 0) {
    lines.push('', '### Suites', '');
    lines.push(
      ...table(
        ['suite', 'passed', 'failed', 'skipped', 'seconds'],
        summary.suites.map((suite) => [suite.suite, String(suite.passed), String(suite.failed), String(suite.skipped), suite.seconds.toFixed(1)]),
      ),
    );
    const failures = summary.suites.flatMap((suite) => suite.failures.map((failure) => `- ${suite.suite}: ${failure}`));
    if (failures.length > 0) lines.push('', '**Failing tests**', '', ...failures);
    const atFault = [...new Set(summary.suites.flatMap((suite) => suite.serviceAtFault ?? []))];
    if (atFault.length > 0) lines.push('', `**Service at fault:** ${atFault.join(', ')}`);
  }
  if (summary.services.length > 0) {
    lines.push('', '### Services', '');
    lines.push(
      ...table(
        ['container', 'health', 'restarts', 'error lines', '5xx', 'CPU max', 'memory max'],
        summary.services.map((service) => {
          const peak = summary.resources.find((resource) => resource.container === service.container);
          return [
          service.container,
          service.health ?? (service.exitCode === undefined ? '-' : `exited ${service.exitCode}`),
          String(service.restarts) + (service.oomKilled ? ' (OOM)' : ''),
          String(service.errorLines),
          String(service.serverErrors),
          peak ? `${peak.cpuMaxPercent.toFixed(0)}%` : '-',
          peak ? `${(peak.memoryMaxBytes / 1024 ** 2).toFixed(0)} MiB` : '-',
        ];
        }),
      ),
    );
  }
  if (summary.outputs) {
    lines.push('', '### Outputs', '', '```json', JSON.stringify(summary.outputs, null, 2), '```');
  }
  if (summary.warnings.length > 0) lines.push('', '### Warnings', '', ...summary.warnings.map((warning) => `- ${warning}`));
  if (summary.errors.length > 0) {
    lines.push('', '### Errors', '');
    for (const error of summary.errors) {
      const [first, ...rest] = error.split('\n');
      lines.push(`- ${first}`, ...(rest.length ? ['', '```', ...rest, '```', ''] : []));
    }
  }
  if (summary.leftBehind.length > 0) {
    lines.push('', '### Left behind', '', ...summary.leftBehind.map((item) => `- ${item}`), '', 'Run `npm run ephemeral -- gc` to remove it.');
  }
  lines.push('', `Artifacts: \`${summary.artifactsDir}\``, '');
  if (summary.reportFile) lines.splice(-1, 0, `Report: \`${summary.reportFile}\``);
  return lines.join('\n');
}
