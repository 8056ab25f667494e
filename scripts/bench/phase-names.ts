// The phases the benchmark reports, the same names for every variant, and how the
// driver's own phases (summary.json) map onto them. Pure.

/** Report order; `suites` stands for every `suite <name>` phase, in run order. */
export const phaseOrder = [
  'full cycle',
  'without suites',
  'startup',
  'preflight',
  'open stack',
  'provision',
  'upgrade before',
  'rollout',
  'preview',
  'seed',
  'upgrade after',
  'suites',
  'collect',
  'teardown',
  'report',
];

export const phaseDescriptions: Record<string, string> = {
  'full cycle': 'start to end of one cycle, as the bench saw it',
  'without suites': 'full cycle minus the suites: what the tool around them costs',
  startup: 'driver only: process start, argv, toolchain context, and writing the summary at the end',
  preflight: 'driver only: branch lock, host slot, bootstrap check, image check',
  'open stack': 'driver only: Pulumi workspace and stack selection, between the image check and up',
  provision: 'provision to ready: from nothing to every health check passing, seen from the host ((u): the old version\'s)',
  'upgrade before': '(u) only: the old version seeded and its `upgrade.before` step',
  rollout: '(u) only: `pulumi up` of the current checkout over the old stack, probed, until ready again',
  preview: 'driver only: the drift check (preview after up), run beside seed and the suites',
  seed: 'the seed users and items through the API',
  'upgrade after': '(u) only: its `upgrade.after` step, reading back what the old version wrote',
  collect: 'evidence before teardown (the baselines: docker logs and inspect of each container)',
  teardown: 'remove everything, then check by label that nothing is left',
  report: 'driver only: rendering report.html from the summary and writing it (the time the report adds to a run)',
};

const driverPhaseMap: Record<string, string> = {
  lock: 'preflight',
  admission: 'preflight',
  preflight: 'preflight',
  images: 'preflight',
  up: 'provision',
  ready: 'provision',
  preview: 'preview',
  seed: 'seed',
  collect: 'collect',
  down: 'teardown',
};

/** The upgrade path's own phases (lifecycle/upgrade-path.ts): its `ready` ends the rollout. */
const upgradePhaseMap: Record<string, string> = {
  ...driverPhaseMap,
  checkout: 'preflight',
  'old images': 'preflight',
  'old up': 'provision',
  'old ready': 'provision',
  'old seed': 'upgrade before',
  before: 'upgrade before',
  rollout: 'rollout',
  ready: 'rollout',
  after: 'upgrade after',
};

export interface RecordedPhase {
  name: string;
  seconds: number;
  /** ISO-8601; the driver's summary has it. */
  startedAt?: string;
}

/** Sums recorded phases into the canonical ones; `suite <name>` passes through. */
export function canonicalPhases(recorded: RecordedPhase[], map: Record<string, string> = {}): Record<string, number> {
  const phases: Record<string, number> = {};
  for (const phase of recorded) {
    const name = phase.name.startsWith('suite ') ? phase.name : (map[phase.name] ?? phase.name);
    phases[name] = (phases[name] ?? 0) + phase.seconds;
  }
  return phases;
}

/**
 * Adds `full cycle` and `without suites` to a cycle's phases. `suiteSeconds` is the time
 * the suites covered together (suites of one stage run at once); default: their sum.
 */
export function withTotals(phases: Record<string, number>, wallSeconds: number, suiteSeconds?: number): Record<string, number> {
  const summed = Object.entries(phases)
    .filter(([name]) => name.startsWith('suite '))
    .reduce((sum, [, seconds]) => sum + seconds, 0);
  return { ...phases, 'full cycle': wallSeconds, 'without suites': wallSeconds - (suiteSeconds ?? summed) };
}

/** The time the suite phases covered together, overlaps counted once. */
export function suitesCovered(recorded: RecordedPhase[]): number {
  return coveredSeconds(recorded.filter((phase) => phase.name.startsWith('suite ')));
}

/** The time the phases cover together: overlaps once; a phase without a start adds its length. */
export function coveredSeconds(recorded: RecordedPhase[]): number {
  const intervals = recorded
    .filter((phase) => phase.startedAt)
    .map((phase) => [Date.parse(phase.startedAt as string), Date.parse(phase.startedAt as string) + phase.seconds * 1000] as const)
    .sort((left, right) => left[0] - right[0]);
  let covered = recorded.filter((phase) => !phase.startedAt).reduce((sum, phase) => sum + phase.seconds, 0) * 1000;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [start, end] of intervals) {
    if (end > reach) covered += end - Math.max(start, reach);
    reach = Math.max(reach, end);
  }
  return covered / 1000;
}

/**
 * The driver's phases from its summary: lock, preflight and images are its preflight;
 * up and ready its provision; down its teardown. On the upgrade path the old version's
 * up and ready are the provision, and the rollout to ready its own phase. The gap before up is opening the Pulumi
 * stack; whatever else the process spent outside its phases (start, imports, writing the
 * summary, exit) is its startup.
 */
export function driverPhases(recorded: RecordedPhase[], wallSeconds: number): Record<string, number> {
  const upgrade = recorded.some((phase) => phase.name === 'rollout');
  const phases = canonicalPhases(recorded, upgrade ? upgradePhaseMap : driverPhaseMap);
  // The first `up`: the old version's on the upgrade path.
  const upIndex = recorded.findIndex((phase) => phase.name === (upgrade ? 'old up' : 'up'));
  const before = recorded[upIndex - 1];
  const up = recorded[upIndex];
  if (up?.startedAt && before?.startedAt) {
    const gap = (Date.parse(up.startedAt) - Date.parse(before.startedAt)) / 1000 - before.seconds;
    phases['open stack'] = Math.max(0, gap);
  }
  // Phases may overlap (the preview runs beside the suites): count covered time once.
  const accounted = coveredSeconds(recorded) + (phases['open stack'] ?? 0);
  phases['startup'] = Math.max(0, wallSeconds - accounted);
  return withTotals(phases, wallSeconds, suitesCovered(recorded));
}
