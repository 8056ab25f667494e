// results.svg: first where each variant's cycle goes (its median phases stacked end to
// end), then grouped horizontal bars, one group per phase, one bar per variant (the
// median, with a whisker from min to max). The totals get their own panel and scale so
// that the short phases stay readable. Pure: results in, SVG text out.
import { type BenchResults, type PhaseStatistics, type VariantName, variantNames, variantTitles } from './bench-types.ts';

export const variantColours: Record<VariantName, string> = {
  driver: '#d95f02',
  'docker-cli': '#1b9e77',
  compose: '#7570b3',
  upgrade: '#e7298a',
  postgres: '#66a61e',
  kubernetes: '#1f78b4',
};

/** Row labels of the stacked bars, which have 150 px. */
export const variantShortTitles: Record<VariantName, string> = {
  driver: '(a) run',
  'docker-cli': '(b) docker CLI',
  compose: '(c) compose',
  upgrade: '(u) upgrade path',
  postgres: '(s) PostgreSQL state',
  kubernetes: '(k) Kubernetes',
};

const width = 960;
const labelWidth = 150;
const valueWidth = 110;
const barHeight = 13;
const barGap = 3;
const groupGap = 14;
const panelTitleHeight = 34;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round step for the axis: 1, 2 or 5 times a power of ten, about five ticks. */
export function tickStep(max: number): number {
  if (max <= 0) return 1;
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough);
  return step ?? 10 * power;
}

interface Panel {
  title: string;
  phases: Array<[string, Partial<Record<VariantName, PhaseStatistics>>]>;
}

function panelHeight(panel: Panel, variants: VariantName[]): number {
  const group = (phase: Partial<Record<VariantName, PhaseStatistics>>) => variants.filter((variant) => phase[variant]).length * (barHeight + barGap);
  return panelTitleHeight + panel.phases.reduce((sum, [, phase]) => sum + group(phase) + groupGap, 0) + 24;
}

function renderPanel(panel: Panel, variants: VariantName[], top: number): string[] {
  const plotWidth = width - labelWidth - valueWidth - 20;
  const max = Math.max(...panel.phases.flatMap(([, phase]) => variants.map((variant) => phase[variant]?.max ?? 0)), 0.001);
  const step = tickStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const x = (value: number) => labelWidth + (value / axisMax) * plotWidth;
  const height = panelHeight(panel, variants);
  const bottom = top + height - 24;
  const out: string[] = [`<text x="${labelWidth}" y="${top + 20}" class="panel">${escapeXml(panel.title)}</text>`];
  for (let tick = 0; tick <= axisMax + step / 1000; tick += step) {
    const position = x(tick).toFixed(1);
    out.push(`<line x1="${position}" y1="${top + panelTitleHeight - 6}" x2="${position}" y2="${bottom}" class="grid"/>`);
    out.push(`<text x="${position}" y="${bottom + 14}" class="tick">${Number(tick.toPrecision(6))} s</text>`);
  }
  let y = top + panelTitleHeight;
  for (const [name, phase] of panel.phases) {
    const present = variants.filter((variant) => phase[variant]);
    const groupHeight = present.length * (barHeight + barGap);
    out.push(`<text x="${labelWidth - 8}" y="${(y + groupHeight / 2 + 4).toFixed(1)}" class="label">${escapeXml(name)}</text>`);
    for (const variant of present) {
      const stats = phase[variant] as PhaseStatistics;
      const middle = y + barHeight / 2;
      out.push(
        `<rect class="bar" x="${labelWidth}" y="${y}" width="${Math.max(0.5, x(stats.median) - labelWidth).toFixed(1)}" height="${barHeight}" fill="${variantColours[variant]}" rx="2">` +
          `<title>${escapeXml(`${variantTitles[variant]} · ${name}: median ${stats.median.toFixed(2)} s, min ${stats.min.toFixed(2)}, max ${stats.max.toFixed(2)}, n=${stats.count}`)}</title></rect>`,
      );
      if (stats.max > stats.min) {
        out.push(`<line x1="${x(stats.min).toFixed(1)}" y1="${middle}" x2="${x(stats.max).toFixed(1)}" y2="${middle}" class="whisker"/>`);
        for (const end of [stats.min, stats.max]) out.push(`<line x1="${x(end).toFixed(1)}" y1="${middle - 4}" x2="${x(end).toFixed(1)}" y2="${middle + 4}" class="whisker"/>`);
      }
      out.push(`<text x="${(x(stats.max) + 6).toFixed(1)}" y="${middle + 4}" class="value">${stats.median.toFixed(stats.median < 10 ? 2 : 1)} s</text>`);
      y += barHeight + barGap;
    }
    y += groupGap;
  }
  return out;
}

/** One colour per phase for the stacked bars; every suite shares one. */
export const phaseColours: Record<string, string> = {
  startup: '#bdbdbd',
  preflight: '#969696',
  'open stack': '#636363',
  provision: '#3182bd',
  preview: '#9e9ac8',
  seed: '#a1d99b',
  suites: '#31a354',
  collect: '#fdae6b',
  teardown: '#e6550d',
};

const stackRowHeight = 22;

function stackedHeight(variants: VariantName[]): number {
  return panelTitleHeight + variants.length * (stackRowHeight + 8) + 44;
}

/** Phases that run beside others and take no time of their own on the way through a cycle. */
const besidePhases = new Set(['full cycle', 'without suites', 'preview']);

/**
 * The segments of a cycle end to end, in run order: each phase that runs on its own, and
 * each suite stage as one segment named by its suites, as long as the longest of them
 * (they run at once). Pure.
 */
export function cycleSegments(phases: BenchResults['phases'], suiteStages: readonly (readonly string[])[] = []): Array<[string, Partial<Record<VariantName, PhaseStatistics>>]> {
  const segments: Array<[string, Partial<Record<VariantName, PhaseStatistics>>]> = [];
  const stageOf = (suite: string) => suiteStages.find((stage) => stage.some((name) => `suite ${name}` === suite));
  const done = new Set<readonly string[]>();
  for (const [name, phase] of Object.entries(phases)) {
    if (besidePhases.has(name)) continue;
    const stage = name.startsWith('suite ') ? stageOf(name) : undefined;
    if (!stage) {
      segments.push([name, phase]);
      continue;
    }
    if (done.has(stage)) continue;
    done.add(stage);
    const members = stage.map((suite) => phases[`suite ${suite}`]).filter((member) => member !== undefined);
    const longest: Partial<Record<VariantName, PhaseStatistics>> = {};
    for (const variant of variantNames) {
      const runs = members.map((member) => member[variant]).filter((stats) => stats !== undefined);
      if (runs.length > 0) longest[variant] = runs.reduce((left, right) => (right.median > left.median ? right : left));
    }
    const present = stage.filter((suite) => phases[`suite ${suite}`]);
    segments.push([`suite ${present.join(' + ')}`, longest]);
  }
  return segments;
}

/** Where each variant's median cycle goes: its median phases end to end, in run order. */
function renderStacked(results: BenchResults, variants: VariantName[], top: number): string[] {
  const plotWidth = width - labelWidth - valueWidth - 20;
  const phases = cycleSegments(results.phases, results.options.suiteStages);
  const totals = variants.map((variant) => phases.reduce((sum, [, phase]) => sum + (phase[variant]?.median ?? 0), 0));
  const scale = plotWidth / Math.max(...totals, 0.001);
  const out = [`<text x="${labelWidth}" y="${top + 20}" class="panel">Where the cycle goes (median phases end to end; suites of one stage run at once, the preview beside them)</text>`];
  variants.forEach((variant, row) => {
    const y = top + panelTitleHeight + row * (stackRowHeight + 8);
    out.push(`<text x="${labelWidth - 8}" y="${y + stackRowHeight / 2 + 4}" class="label">${escapeXml(variantShortTitles[variant])}</text>`);
    let x = labelWidth;
    for (const [name, phase] of phases) {
      const value = phase[variant]?.median;
      if (!value) continue;
      const segment = value * scale;
      const colour = phaseColours[name.startsWith('suite ') ? 'suites' : name] ?? '#cccccc';
      out.push(
        `<rect class="segment-bar" x="${x.toFixed(1)}" y="${y}" width="${segment.toFixed(1)}" height="${stackRowHeight}" fill="${colour}" stroke="#fff" stroke-width="1">` +
          `<title>${escapeXml(`${variantTitles[variant]} · ${name}: ${value.toFixed(2)} s`)}</title></rect>`,
      );
      const label = name.replace(/^suite /, '');
      // About 6 px a character at 10 px: label only the segments it fits in.
      if (segment > 8 + 6.2 * label.length) out.push(`<text x="${(x + segment / 2).toFixed(1)}" y="${y + stackRowHeight / 2 + 4}" class="segment">${escapeXml(label)}</text>`);
      x += segment;
    }
    out.push(`<text x="${(x + 6).toFixed(1)}" y="${y + stackRowHeight / 2 + 4}" class="value">${(totals[row] ?? 0).toFixed(1)} s</text>`);
  });
  const legendY = top + panelTitleHeight + variants.length * (stackRowHeight + 8) + 12;
  const used = Object.keys(phaseColours).filter((name) => phases.some(([phase]) => (name === 'suites' ? phase.startsWith('suite ') : phase === name)));
  used.forEach((name, index) => {
    const left = labelWidth + index * 82;
    out.push(`<rect x="${left}" y="${legendY}" width="10" height="10" fill="${phaseColours[name] ?? '#ccc'}"/>`);
    out.push(`<text x="${left + 14}" y="${legendY + 9}" class="legend-small">${escapeXml(name)}</text>`);
  });
  return out;
}

export function renderResultsChart(results: BenchResults): string {
  const variants = variantNames.filter((variant) => Object.values(results.phases).some((phase) => phase[variant]));
  const entries = Object.entries(results.phases);
  const totals = ['full cycle', 'without suites'];
  const panels: Panel[] = [
    { title: 'Full cycle', phases: entries.filter(([name]) => totals.includes(name)) },
    { title: 'Phases (median, whisker: min–max)', phases: entries.filter(([name]) => !totals.includes(name)) },
  ].filter((panel) => panel.phases.length > 0);
  // Three legend entries a row: six long titles do not fit on one.
  const legendRows = Math.ceil(variants.length / 3);
  const headerHeight = 60 + legendRows * 18;
  const height = headerHeight + stackedHeight(variants) + panels.reduce((sum, panel) => sum + panelHeight(panel, variants), 0) + 10;
  const ratio = results.ratios.fullCycle;
  const subtitle =
    `${results.machine.cores} cores · ${results.options.rounds} round${results.options.rounds === 1 ? '' : 's'} · suites: ${results.options.suites.join(', ')}` +
    (ratio === undefined ? '' : ` · full cycle (a)/(b) ${ratio.toFixed(2)}×`) +
    (results.concurrency?.ratio === undefined ? '' : ` · ${results.concurrency.runs} at once / one ${results.concurrency.ratio.toFixed(2)}×`) +
    (results.ratios.upgrade === undefined ? '' : ` · full cycle (u)/(a) ${results.ratios.upgrade.toFixed(2)}×`) +
    (results.ratios.postgresProvision === undefined ? '' : ` · provision (s)/(a) ${results.ratios.postgresProvision.toFixed(2)}×`) +
    (results.ratios.kubernetesProvision === undefined ? '' : ` · provision (k)/(a) ${results.ratios.kubernetesProvision.toFixed(2)}×`);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    '<style>.title{font-size:18px;font-weight:600;fill:#222}.subtitle{font-size:12px;fill:#555}.panel{font-size:13px;font-weight:600;fill:#333}' +
      '.label{font-size:12px;fill:#333;text-anchor:end}.value{font-size:11px;fill:#333}.tick{font-size:10px;fill:#777;text-anchor:middle}' +
      '.grid{stroke:#e4e4e4;stroke-width:1}.whisker{stroke:#333;stroke-width:1.2}.legend{font-size:12px;fill:#333}' +
      '.legend-small{font-size:11px;fill:#333}.segment{font-size:10px;fill:#fff;text-anchor:middle}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="20" y="28" class="title">${variants.includes('docker-cli') ? `ephemeral run vs plain docker CLI${variants.includes('compose') ? ' vs docker-compose' : ''}` : 'ephemeral run, the cases measured'} (seconds, lower is better)</text>`,
    `<text x="20" y="48" class="subtitle">${escapeXml(subtitle)}</text>`,
  ];
  variants.forEach((variant, index) => {
    const left = 20 + (index % 3) * 310;
    const top = 58 + Math.floor(index / 3) * 18;
    out.push(`<rect x="${left}" y="${top}" width="12" height="12" fill="${variantColours[variant]}" rx="2"/>`);
    out.push(`<text x="${left + 18}" y="${top + 10}" class="legend">${escapeXml(variantTitles[variant])}</text>`);
  });
  out.push(...renderStacked(results, variants, headerHeight));
  let top = headerHeight + stackedHeight(variants);
  for (const panel of panels) {
    out.push(...renderPanel(panel, variants, top));
    top += panelHeight(panel, variants);
  }
  out.push('</svg>', '');
  return out.join('\n');
}
