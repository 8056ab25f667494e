// report.html, the page a person opens first: outcome and exit code, the phases as a
// timeline, the failing tests with their log slices, the services, CPU and memory, why
// the environment never became ready, and what was left behind. Pure: built from the same
// summary as summary.json and summary.md, plus the evidence read beside it; every value is
// escaped, and nothing is loaded from outside the page (inline CSS and SVG, no scripts).
import type { RunSummary } from '../artifacts/run-summary.ts';
import { escapeHtml } from './html-escape.ts';
import type { ReportEvidence } from './report-evidence.ts';
import { failuresSection, resourcesSection } from './report-sections.ts';
import { timelineBands } from './report-timeline.ts';
import { bandChart } from './svg-chart.ts';

/** Every section the page has, in order: each is present on every page, empty or not. */
export const reportSectionIds = ['outcome', 'timeline', 'slow-phases', 'failures', 'services', 'resources', 'why-not-ready', 'left-behind', 'errors', 'outputs'] as const;
export type ReportSectionId = (typeof reportSectionIds)[number];

/** run-cycle records the readiness diagnosis as an error that starts with this line. */
const whyNotReadyPrefix = 'why not ready:';

const styles = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:16px 24px;color:#111827}
h1{font-size:22px;margin:.2em 0}h2{font-size:17px;border-bottom:1px solid #e5e7eb;padding-bottom:4px;margin-top:28px}h3{font-size:14px;margin:.4em 0}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #e5e7eb;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f9fafb}
pre{background:#f3f4f6;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-all;font-size:12px}pre.error{background:#fef2f2;color:#991b1b}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;background:#2563eb}.pass{background:#16a34a}.fail{background:#dc2626}.warn{background:#d97706}
.outcome{padding:12px 16px;border-radius:6px;border:1px solid}.outcome.pass{background:#f0fdf4;border-color:#16a34a}.outcome.fail{background:#fef2f2;border-color:#dc2626}
.muted{color:#6b7280}svg text{font:11px system-ui,sans-serif;fill:#374151}svg text.muted{fill:#6b7280}figure{margin:8px 0}figcaption{font-weight:600}
.legend{display:inline-block;margin-right:10px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
article.test{border-left:3px solid #dc2626;padding-left:10px;margin:12px 0}img{max-width:100%;border:1px solid #e5e7eb;margin-top:4px}tr.slow td{background:#fffbeb}
`;

const outcomeTitle: Record<RunSummary['outcome'], string> = {
  passed: 'Passed',
  'suite-failed': 'Failed: a suite failed',
  'provision-failed': 'Failed: the environment could not be provisioned or never became ready',
  'teardown-incomplete': 'Failed: teardown did not complete',
  interrupted: 'Interrupted',
  refused: 'Refused: bad input, nothing was deployed',
};

function section(id: ReportSectionId, title: string, body: string): string {
  return `<section id="${id}" data-section="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0 ? `<p>${escapeHtml(empty)}</p>` : `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function outcomeSection(summary: RunSummary): string {
  const passed = summary.outcome === 'passed';
  const facts = [
    ['exit code', String(summary.exitCode)],
    ['project', summary.project ?? '-'],
    ['branch', summary.branch],
    ['stack', summary.slug],
    ['run', summary.runId],
    ['started', summary.startedAt],
    ['took', `${summary.seconds.toFixed(1)}s`],
    ...(summary.fault ? [['planted fault', summary.fault]] : []),
    ['environment', summary.kept ? `kept until ${summary.expiresAt ?? 'never'}` : 'destroyed'],
    ['artifacts', summary.artifactsDir],
  ];
  return (
    `<div class="outcome ${passed ? 'pass' : 'fail'}" data-outcome="${escapeHtml(summary.outcome)}"><h1>${escapeHtml(outcomeTitle[summary.outcome])} <span class="badge ${passed ? 'pass' : 'fail'}">exit ${summary.exitCode}</span></h1></div>` +
    `<table>${facts.map(([name, value]) => `<tr><th>${escapeHtml(name ?? '')}</th><td>${escapeHtml(value ?? '')}</td></tr>`).join('')}</table>`
  );
}

function timelineSection(summary: RunSummary): string {
  if (summary.phases.length === 0) return '<p>No phase started.</p>';
  const slow = new Set((summary.slowPhases ?? []).map((phase) => phase.name));
  const rows = summary.phases.map(
    (phase) =>
      `<tr${slow.has(phase.name) ? ' class="slow"' : ''}><td>${escapeHtml(phase.name)}</td><td>${escapeHtml(phase.startedAt.slice(11, 19))}</td><td>${phase.seconds.toFixed(1)}</td><td>${phase.ok ? 'ok' : '<span class="badge fail">failed</span>'}</td></tr>`,
  );
  return `${bandChart(timelineBands(summary.phases, summary.startedAt, slow), summary.seconds)}<details><summary>Phases as a table</summary><table><thead><tr><th>phase</th><th>start (UTC)</th><th>seconds</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function slowPhasesSection(summary: RunSummary): string {
  const against = summary.defaultBranch ? `the last runs of ${summary.defaultBranch}` : 'the default branch';
  if (summary.slowPhases === undefined) return '<p>No history was consulted for this run.</p>';
  if (summary.slowPhases.length === 0) return `<p>No phase took more than 1.5× its median over ${escapeHtml(against)} (or there are too few of them yet).</p>`;
  const rows = summary.slowPhases.map(
    (slow) => `<tr class="slow"><td>${escapeHtml(slow.name)}</td><td>${slow.seconds.toFixed(1)}</td><td>${slow.medianSeconds.toFixed(1)}</td><td>${slow.runs}</td><td>${slow.ratio.toFixed(1)}×</td></tr>`,
  );
  return `<p>Slower than 1.5× the median over ${escapeHtml(against)}:</p><table><thead><tr><th>phase</th><th>seconds</th><th>median</th><th>runs</th><th>ratio</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function servicesSection(summary: RunSummary): string {
  if (summary.services.length === 0) return '<p>No container of the stack was found when the evidence was collected.</p>';
  const rows = summary.services.map((service) => {
    const peak = summary.resources.find((resource) => resource.container === service.container);
    const health = service.health ?? (service.exitCode === undefined ? '-' : `exited ${service.exitCode}`);
    const bad = (service.health !== undefined && service.health !== 'healthy') || service.restarts > 0 || service.oomKilled;
    return (
      `<tr data-service="${escapeHtml(service.container)}"><td>${escapeHtml(service.container)}</td><td>${bad ? `<span class="badge warn">${escapeHtml(health)}</span>` : escapeHtml(health)}</td>` +
      `<td>${service.restarts}${service.oomKilled ? ' (OOM)' : ''}</td><td>${service.errorLines}</td><td>${service.serverErrors}</td>` +
      `<td>${peak ? `${peak.cpuMaxPercent.toFixed(0)}%` : '-'}</td><td>${peak ? `${(peak.memoryMaxBytes / 1024 ** 2).toFixed(0)} MiB` : '-'}</td>` +
      `<td><a href="logs/${encodeURIComponent(service.container)}.log">log</a></td></tr>`
    );
  });
  return `<table><thead><tr><th>container</th><th>health</th><th>restarts</th><th>error lines</th><th>5xx</th><th>CPU max</th><th>memory max</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function whyNotReadySection(summary: RunSummary): string {
  const diagnosis = summary.errors.find((error) => error.startsWith(whyNotReadyPrefix));
  if (diagnosis) return `<pre>${escapeHtml(diagnosis.slice(whyNotReadyPrefix.length).trim())}</pre>`;
  return `<p>${summary.outcome === 'provision-failed' ? 'Provisioning failed before any container could be examined: see the errors below and pulumi/up.log.' : 'The environment was provisioned and became ready.'}</p>`;
}

function leftBehindSection(summary: RunSummary): string {
  if (summary.leftBehind.length === 0) return `<p>Nothing was left behind${summary.kept ? ' (the environment was kept on purpose)' : ''}.</p>`;
  return `${list(summary.leftBehind, '')}<p>Run <code>npm run ephemeral -- gc</code> to remove it.</p>`;
}

function errorsSection(summary: RunSummary): string {
  const errors = summary.errors.filter((error) => !error.startsWith(whyNotReadyPrefix));
  const warnings = summary.warnings.map((warning) => `<li class="muted">warning: ${escapeHtml(warning)}</li>`);
  if (errors.length === 0 && warnings.length === 0) return '<p>No errors or warnings.</p>';
  return `${errors.map((error) => `<pre class="error">${escapeHtml(error)}</pre>`).join('')}${warnings.length ? `<ul>${warnings.join('')}</ul>` : ''}`;
}

function outputsSection(summary: RunSummary): string {
  return summary.outputs ? `<pre>${escapeHtml(JSON.stringify(summary.outputs, null, 2))}</pre>` : '<p>The stack produced no outputs.</p>';
}

export function renderReportHtml(summary: RunSummary, evidence: ReportEvidence): string {
  const sections = [
    section('outcome', 'Outcome', outcomeSection(summary)),
    section('timeline', 'Timeline', timelineSection(summary)),
    section('slow-phases', 'Compared with earlier runs', slowPhasesSection(summary)),
    section('failures', 'Failing tests', failuresSection(summary, evidence)),
    section('services', 'Services', servicesSection(summary)),
    section('resources', 'CPU and memory over the run', resourcesSection(summary, evidence)),
    section('why-not-ready', 'Why not ready', whyNotReadySection(summary)),
    section('left-behind', 'Left behind', leftBehindSection(summary)),
    section('errors', 'Errors and warnings', errorsSection(summary)),
    section('outputs', 'Outputs (secrets redacted)', outputsSection(summary)),
  ];
  const title = `ephemeral ${summary.slug}: ${summary.outcome}, exit ${summary.exitCode}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // No network: nothing but what is in this file, not even a favicon request.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file: data:">`,
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title><style>${styles}</style></head>`,
    `<body data-outcome="${escapeHtml(summary.outcome)}" data-exit-code="${summary.exitCode}">`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
