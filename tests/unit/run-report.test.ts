// report.html as a pure render of the summary and the evidence: every section on every
// page, the failing tests with their error, log slice and attachments, everything escaped,
// nothing loaded from outside the file.
import { describe, expect, it } from 'vitest';
import { cutSlice, parseResourceSamples } from '../../scripts/report/report-evidence.ts';
import { renderReportHtml, reportSectionIds } from '../../scripts/report/render-report.ts';
import { timelineBands } from '../../scripts/report/report-timeline.ts';
import { escapeHtml } from '../../scripts/report/html-escape.ts';
import { failedSummary, failingTestId, logSlicePath, passedSummary } from './report-fixtures.ts';

const noEvidence = { samples: [], logSlices: {} };
const evidence = {
  samples: [
    { at: '2026-12-03T10:13:00.000Z', container: 'feature-report-api-1', cpuPercent: 12, memoryBytes: 50 * 1024 ** 2 },
    { at: '2026-12-03T10:13:10.000Z', container: 'feature-report-api-1', cpuPercent: 30, memoryBytes: 80 * 1024 ** 2 },
    { at: '2026-12-03T10:13:10.000Z', container: 'feature-report-worker-1', cpuPercent: 5, memoryBytes: 40 * 1024 ** 2 },
  ],
  logSlices: { [logSlicePath]: `x-test-id: ${failingTestId}\n== feature-report-api-1: 1 line\n{"msg":"<script>alert(1)</script>"}` },
};

function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
}

describe('renderReportHtml', () => {
  it('has every section, with a stable id and data-section, on a passing and on a failing run', () => {
    for (const summary of [passedSummary(), failedSummary()]) {
      const html = renderReportHtml(summary, noEvidence);
      for (const id of reportSectionIds) expect(html, id).toContain(`<section id="${id}" data-section="${id}">`);
    }
  });

  it('puts the outcome and exit code first', () => {
    const html = renderReportHtml(failedSummary(), noEvidence);
    const outcome = html.indexOf('data-section="outcome"');
    expect(outcome).toBeGreaterThan(0);
    for (const id of reportSectionIds.slice(1)) expect(html.indexOf(`data-section="${id}"`)).toBeGreaterThan(outcome);
    expect(sectionOf(html, 'outcome')).toContain('exit 1');
    expect(sectionOf(html, 'outcome')).toContain('worker-stopped');
  });

  it('shows each failing test with its error, its log slice and links to its screenshot and trace', () => {
    const html = renderReportHtml(failedSummary(), evidence);
    const failures = sectionOf(html, 'failures');
    expect(failures).toContain('a job is done &lt;within&gt; the bound');
    expect(failures).toContain('FlowError: the worker did not finish &lt;item&gt; within 10 s');
    expect(failures).toContain(`data-log-slice="${logSlicePath}"`);
    expect(failures).toContain(`x-test-id: ${failingTestId}`);
    expect(failures).toContain('href="playwright/test-results/item-flow/trace.zip"');
    expect(failures).toContain('<img src="playwright/test-results/item-flow/test-failed-1.png"');
    expect(failures).toContain('Service at fault:</strong> worker');
  });

  it('escapes everything: a log line cannot inject markup', () => {
    const html = renderReportHtml(failedSummary(), evidence);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('loads nothing from outside the file: no external URL in src or href, no script', () => {
    const html = renderReportHtml(failedSummary(), evidence);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|@import/);
    expect(html).toContain("default-src 'none'");
  });

  it('draws CPU and memory over the run as inline SVG, one line per container', () => {
    const resources = sectionOf(renderReportHtml(passedSummary(), evidence), 'resources');
    expect(resources).toContain('data-chart="cpu"');
    expect(resources).toContain('data-chart="memory"');
    expect(resources.match(/<polyline/g)).toHaveLength(4);
    expect(resources).toContain('feature-report-worker-1');
  });

  it('shows why the environment never became ready, and what was left behind', () => {
    const summary = passedSummary({
      outcome: 'provision-failed',
      exitCode: 2,
      errors: ['up failed', 'why not ready:\nfeature-report-api-1: unhealthy (health check: connection refused)'],
      leftBehind: ['network feature-report-private'],
    });
    const html = renderReportHtml(summary, noEvidence);
    expect(sectionOf(html, 'why-not-ready')).toContain('feature-report-api-1: unhealthy');
    expect(sectionOf(html, 'errors')).not.toContain('why not ready');
    expect(sectionOf(html, 'left-behind')).toContain('network feature-report-private');
    expect(sectionOf(html, 'left-behind')).toContain('gc');
  });

  it('marks the slow phases in the timeline and lists them against the default branch', () => {
    const summary = passedSummary({ defaultBranch: 'main', slowPhases: [{ name: 'up', seconds: 12, medianSeconds: 6, runs: 10, ratio: 2 }] });
    const html = renderReportHtml(summary, noEvidence);
    expect(sectionOf(html, 'slow-phases')).toContain('the last runs of main');
    expect(sectionOf(html, 'slow-phases')).toMatch(/<td>up<\/td><td>12\.0<\/td><td>6\.0<\/td><td>10<\/td><td>2\.0×<\/td>/);
    expect(sectionOf(html, 'timeline')).toContain('up 12.0s (slow)');
  });
});

describe('timelineBands', () => {
  it('gives each phase a band, and the suites of one stage one band together', () => {
    const bands = timelineBands(passedSummary().phases, passedSummary().startedAt);
    expect(bands.map((band) => band.label)).toEqual(['lock', 'up', 'ready', 'suites api, queue', 'suite ui', 'collect', 'down']);
    const stage = bands[3]!;
    expect(stage.startSeconds).toBe(15);
    expect(stage.seconds).toBe(20);
  });

  it('keeps the next stage apart when it starts the millisecond the last one ended', () => {
    const phases = [
      { name: 'suite queue', startedAt: '2026-12-03T10:13:00.000Z', seconds: 22.9004, ok: true },
      { name: 'suite ui', startedAt: '2026-12-03T10:13:22.900Z', seconds: 46, ok: true },
    ];
    expect(timelineBands(phases, '2026-12-03T10:12:56.000Z').map((band) => band.label)).toEqual(['suite queue', 'suite ui']);
  });

  it('fails a stage band when one of its suites failed', () => {
    const phases = passedSummary().phases.map((phase) => (phase.name === 'suite queue' ? { ...phase, ok: false } : phase));
    expect(timelineBands(phases, passedSummary().startedAt)[3]?.ok).toBe(false);
  });
});

describe('report evidence', () => {
  it('reads resource samples from metrics/resources.jsonl, skipping lines it cannot read', () => {
    const text = '{"at":"2026-12-03T10:13:00Z","container":"a","cpuPercent":1.5,"memoryBytes":100}\nnot json\n{"container":"b"}\n';
    expect(parseResourceSamples(text)).toEqual([{ at: '2026-12-03T10:13:00Z', container: 'a', cpuPercent: 1.5, memoryBytes: 100 }]);
  });

  it('cuts a long log slice and says how much is left out', () => {
    const cut = cutSlice(Array.from({ length: 10 }, (_, index) => `line ${index}`).join('\n'), 4);
    expect(cut.split('\n')).toEqual(['line 0', 'line 1', 'line 2', 'line 3', '… 6 more lines in the file']);
  });
});
