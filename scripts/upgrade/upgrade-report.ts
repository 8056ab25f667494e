// What the summary says of an upgrade path: the version it started from, how its
// dependencies came, the rollout's plan and duration, and each entry point's downtime.
import type { EntryPointDowntime } from './probe-stats.ts';
import type { RolloutPlan } from './rollout-plan.ts';

export interface UpgradeReport {
  from: { ref: string; commit: string };
  /** Per lockfile of the old version: `linked` (same as the checkout's) or `installed`. */
  dependencies: Record<string, 'linked' | 'installed'>;
  /** The rollout: from the update's start until every entry point is ready again; undefined when it never finished. */
  rolloutSeconds: number | undefined;
  plan: RolloutPlan | undefined;
  downtime: EntryPointDowntime[];
  maxDowntimeMs: number | undefined;
}

export function renderUpgradeMarkdown(report: UpgradeReport): string[] {
  const lines = [
    '### Upgrade path',
    '',
    `From \`${report.from.ref}\` (\`${report.from.commit.slice(0, 12)}\`) to the current checkout` +
      (report.rolloutSeconds === undefined ? '; the rollout did not finish.' : `; rollout ${report.rolloutSeconds.toFixed(1)}s.`),
  ];
  if (report.plan) {
    const { plan } = report;
    lines.push('', '| change | resources |', '| --- | --- |');
    for (const bucket of ['replaced', 'updated', 'created', 'deleted'] as const) {
      lines.push(`| ${bucket} | ${plan[bucket].length > 0 ? plan[bucket].join(', ') : '-'} |`);
    }
    lines.push(`| unchanged | ${plan.unchanged} |`);
  }
  if (report.downtime.length > 0) {
    const limit = report.maxDowntimeMs === undefined ? '' : ` (limit ${report.maxDowntimeMs} ms)`;
    lines.push('', `Probe through the rollout${limit}:`, '', '| entry point | requests | failed | longest gap | URLs |', '| --- | --- | --- | --- | --- |');
    for (const downtime of report.downtime) {
      lines.push(`| ${downtime.entryPoint} | ${downtime.requests} | ${downtime.failed} | ${downtime.longestGapMs} ms | ${downtime.urls.length} |`);
    }
  }
  return lines;
}
