// Inline SVG charts for the report, drawn from plain numbers: lines over time (CPU and
// memory per container) and bands over time (the phases). Pure: data in, SVG text out.
import { escapeHtml } from './html-escape.ts';

export interface ChartSeries {
  label: string;
  /** [seconds since the run started, value] */
  points: Array<readonly [number, number]>;
}

export interface Band {
  label: string;
  startSeconds: number;
  seconds: number;
  ok: boolean;
  /** Marked as slower than usual. */
  slow?: boolean;
}

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];

export function seriesColor(index: number): string {
  return palette[index % palette.length] as string;
}

const width = 720;
const left = 64;
const right = 12;
const top = 12;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

export function lineChart(series: readonly ChartSeries[], options: { title: string; format: (value: number) => string; height?: number }): string {
  const height = options.height ?? 180;
  const bottom = 24;
  const xMax = Math.max(1, ...series.flatMap((line) => line.points.map(([x]) => x)));
  const yMax = niceMax(Math.max(0, ...series.flatMap((line) => line.points.map(([, y]) => y))));
  const x = (seconds: number) => left + (seconds / xMax) * (width - left - right);
  const y = (value: number) => top + (1 - value / yMax) * (height - top - bottom);
  const grid = [0, 0.5, 1].map((fraction) => {
    const value = yMax * fraction;
    return `<line x1="${left}" x2="${width - right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(options.format(value))}</text>`;
  });
  const lines = series.map((line, index) => {
    const points = line.points.map(([seconds, value]) => `${x(seconds).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${seriesColor(index)}" stroke-width="1.5" points="${points}"><title>${escapeHtml(line.label)}</title></polyline>`;
  });
  const axis = `<text x="${left}" y="${height - 6}">0s</text><text x="${width - right}" y="${height - 6}" text-anchor="end">${xMax.toFixed(0)}s</text>`;
  const legend = series.map((line, index) => `<span class="legend"><i style="background:${seriesColor(index)}"></i>${escapeHtml(line.label)}</span>`).join(' ');
  return (
    `<figure><figcaption>${escapeHtml(options.title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.title)}">${grid.join('')}${lines.join('')}${axis}</svg>` +
    `<div>${legend}</div></figure>`
  );
}

export function bandChart(bands: readonly Band[], totalSeconds: number): string {
  const rowHeight = 22;
  const labelWidth = 170;
  const height = bands.length * rowHeight + 24;
  const span = Math.max(totalSeconds, ...bands.map((band) => band.startSeconds + band.seconds), 1);
  // Room on the right for the duration written after the last bar.
  const x = (seconds: number) => labelWidth + (seconds / span) * (width - labelWidth - right - 48);
  const rows = bands.map((band, index) => {
    const rowY = index * rowHeight + 4;
    const barWidth = Math.max(2, x(band.startSeconds + band.seconds) - x(band.startSeconds));
    const fill = !band.ok ? '#dc2626' : band.slow ? '#f59e0b' : '#2563eb';
    const label = `${band.label} ${band.seconds.toFixed(1)}s${band.ok ? '' : ' (failed)'}${band.slow ? ' (slow)' : ''}`;
    return (
      `<g data-band="${escapeHtml(band.label)}"><text x="0" y="${rowY + 14}">${escapeHtml(band.label)}</text>` +
      `<rect x="${x(band.startSeconds).toFixed(1)}" y="${rowY}" width="${barWidth.toFixed(1)}" height="${rowHeight - 6}" rx="2" fill="${fill}"><title>${escapeHtml(label)}</title></rect>` +
      `<text x="${(x(band.startSeconds) + barWidth + 4).toFixed(1)}" y="${rowY + 14}" class="muted">${band.seconds.toFixed(1)}s</text></g>`
    );
  });
  const axis = `<text x="${labelWidth}" y="${height - 4}">0s</text><text x="${x(span).toFixed(1)}" y="${height - 4}" text-anchor="end">${span.toFixed(0)}s</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="timeline of the phases">${rows.join('')}${axis}</svg>`;
}
