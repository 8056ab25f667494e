// The phases of a run as the report's timeline draws them: one band per phase, and one
// band per suite stage (suites of a stage run at once, so they share a band). Pure.
import type { PhaseRecord } from '../lifecycle/phase-clock.ts';
import type { Band } from './svg-chart.ts';

function isSuite(phase: PhaseRecord): boolean {
  return phase.name.startsWith('suite ');
}

export function timelineBands(phases: readonly PhaseRecord[], runStartedAt: string, slow: ReadonlySet<string> = new Set()): Band[] {
  const origin = Date.parse(runStartedAt);
  const bands: Array<Band & { end: number }> = [];
  let stage: (Band & { end: number; names: string[] }) | undefined;
  for (const phase of phases) {
    const start = (Date.parse(phase.startedAt) - origin) / 1000;
    const end = start + phase.seconds;
    // A suite that starts before the stage's last suite ended belongs to that stage. The
    // next stage starts within a millisecond of the last one's end, and a start is kept to
    // the millisecond: a tenth of a second of slack tells the two apart.
    if (isSuite(phase) && stage && start < stage.end - 0.1) {
      stage.names.push(phase.name.slice('suite '.length));
      stage.end = Math.max(stage.end, end);
      stage.seconds = stage.end - stage.startSeconds;
      stage.ok &&= phase.ok;
      stage.slow ||= slow.has(phase.name);
      stage.label = `suites ${stage.names.join(', ')}`;
      continue;
    }
    const band = { label: phase.name, startSeconds: start, seconds: phase.seconds, ok: phase.ok, slow: slow.has(phase.name), end };
    if (isSuite(phase)) {
      stage = { ...band, names: [phase.name.slice('suite '.length)] };
      bands.push(stage);
    } else {
      bands.push(band);
    }
  }
  return bands.map(({ label, startSeconds, seconds, ok, slow: isSlow }) => ({ label, startSeconds, seconds, ok, ...(isSlow ? { slow: true } : {}) }));
}
