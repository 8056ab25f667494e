// The report's larger sections, each from plain data: the failing tests (error, log slice,
// trace and screenshot) and the services' CPU and memory over the run.
import type { RunSummary } from '../artifacts/run-summary.ts';
import type { FailingTestDetail } from '../suites/suite-runner.ts';
import { artifactHref, escapeHtml } from './html-escape.ts';
import type { ReportEvidence, ResourceSample } from './report-evidence.ts';
import { type ChartSeries, lineChart } from './svg-chart.ts';

const imageFile = /\.(png|jpe?g|webp)$/i;

function attachmentLinks(test: FailingTestDetail): string {
  const attachments = test.attachments ?? [];
  if (attachments.length === 0) return '';
  const links = attachments.map((attachment) => {
    const href = artifactHref(attachment.path);
    const label = attachment.name === 'trace' ? 'Playwright trace' : attachment.name;
    // A relative link: it opens beside the report, from disk, with no server.
    const image = imageFile.test(attachment.path) ? `<br><img src="${href}" alt="${escapeHtml(attachment.name)} of the failing test" loading="lazy">` : '';
    return `<li><a href="${href}" data-attachment="${escapeHtml(attachment.name)}">${escapeHtml(label)}</a> <code>${escapeHtml(attachment.path)}</code>${image}</li>`;
  });
  return `<ul class="attachments">${links.join('')}</ul>`;
}

function failingTest(suite: string, test: FailingTestDetail, evidence: ReportEvidence, open: boolean): string {
  const slice = test.logSlice ? evidence.logSlices[test.logSlice] : undefined;
  const sliceBlock = test.logSlice
    ? `<details${open ? ' open' : ''} data-log-slice="${escapeHtml(test.logSlice)}"><summary>Log slice of every service for x-test-id <code>${escapeHtml(test.testId ?? '')}</code> (<a href="${artifactHref(test.logSlice)}">${escapeHtml(test.logSlice)}</a>)</summary><pre>${escapeHtml(slice ?? '(the slice file is missing)')}</pre></details>`
    : `<p class="muted">No log slice: ${test.testId ? 'no service logged this test\'s id' : 'the test carries no x-test-id'}.</p>`;
  return (
    `<article class="test" data-test="${escapeHtml(test.name)}"><h3><span class="badge fail">${escapeHtml(suite)}</span> ${escapeHtml(test.name)}</h3>` +
    `<pre class="error">${escapeHtml(test.error ?? '(the runner reported no message)')}</pre>${sliceBlock}${attachmentLinks(test)}</article>`
  );
}

export function failuresSection(summary: RunSummary, evidence: ReportEvidence): string {
  const tests = summary.suites.flatMap((suite) => (suite.failingTests ?? suite.failures.map((name) => ({ name }))).map((test) => ({ suite: suite.suite, test })));
  // The first failure's slice is open; the others' are a click away, so the page stays short.
  const failing = tests.map(({ suite, test }, index) => failingTest(suite, test, evidence, index === 0));
  const atFault = [...new Set(summary.suites.flatMap((suite) => suite.serviceAtFault ?? []))];
  const body =
    failing.length === 0
      ? `<p>${summary.suites.length === 0 ? 'No suite ran.' : 'No test failed.'}</p>`
      : `${atFault.length > 0 ? `<p><strong>Service at fault:</strong> ${escapeHtml(atFault.join(', '))}</p>` : ''}${failing.join('')}`;
  const suites = summary.suites.map(
    (suite) => `<tr><td>${escapeHtml(suite.suite)}</td><td>${suite.passed}</td><td>${suite.failed}</td><td>${suite.skipped}</td><td>${suite.seconds.toFixed(1)}</td></tr>`,
  );
  const table = suites.length > 0 ? `<table><thead><tr><th>suite</th><th>passed</th><th>failed</th><th>skipped</th><th>seconds</th></tr></thead><tbody>${suites.join('')}</tbody></table>` : '';
  return `${table}${body}`;
}

/** Samples as one line per container, x in seconds since the run started. */
export function resourceSeries(samples: readonly ResourceSample[], runStartedAt: string, value: (sample: ResourceSample) => number): ChartSeries[] {
  const origin = Date.parse(runStartedAt);
  const byContainer = new Map<string, Array<readonly [number, number]>>();
  for (const sample of samples) {
    const points = byContainer.get(sample.container) ?? [];
    points.push([Math.max(0, (Date.parse(sample.at) - origin) / 1000), value(sample)]);
    byContainer.set(sample.container, points);
  }
  return [...byContainer].sort(([a], [b]) => a.localeCompare(b)).map(([label, points]) => ({ label, points }));
}

export function resourcesSection(summary: RunSummary, evidence: ReportEvidence): string {
  if (evidence.samples.length === 0) return '<p>No resource samples were taken (the run ended before any container ran, or this was `test`, which samples nothing).</p>';
  const mebibytes = 1024 ** 2;
  const cpu = lineChart(resourceSeries(evidence.samples, summary.startedAt, (sample) => sample.cpuPercent), { title: 'CPU (% of one core)', format: (value) => `${value.toFixed(0)}%` });
  const memory = lineChart(resourceSeries(evidence.samples, summary.startedAt, (sample) => sample.memoryBytes / mebibytes), { title: 'Memory (MiB)', format: (value) => `${value.toFixed(0)} MiB` });
  return `<div data-chart="cpu">${cpu}</div><div data-chart="memory">${memory}</div>`;
}
