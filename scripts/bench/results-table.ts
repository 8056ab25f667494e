// results.md: the table a person reads first (median and range per phase and variant),
// the ratios, four-at-once, memory, the issue's targets, and where provisioning spends
// its time in each variant. Pure.
import { type BenchResults, type ClusterTiming, type ConcurrencyMeasurement, type CycleMeasurement, type TimelineEntry, type VariantName, variantNames, variantTitles } from './bench-types.ts';
import { phaseDescriptions } from './phase-names.ts';
import { type TargetCheck, targetChecks } from './results.ts';
import { median } from './statistics.ts';

const seconds = (value: number) => value.toFixed(value < 10 ? 2 : 1);
export const mebibytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;

function measuredText(measured: number, unit: TargetCheck['unit']): string {
  if (unit === 's') return `${seconds(measured)} s`;
  if (unit === 'MiB') return `${measured.toFixed(0)} MiB`;
  if (unit === 'runs') return `${measured}`;
  return ratioText(measured);
}
const ratioText = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

function table(header: string[], rows: string[][], align: string[] = []): string[] {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, index) => align[index] ?? '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function variantsPresent(results: BenchResults, variant: VariantName): boolean {
  return results.cycles.some((cycle) => cycle.variant === variant);
}

/** (s)/(a) and (k)/(a), where measured. */
export function caseRatioLines(results: BenchResults): string[] {
  const { ratios } = results;
  const lines: string[] = [];
  if (ratios.postgresProvision !== undefined || ratios.postgresTeardown !== undefined) {
    lines.push(`- PostgreSQL state backend against the file backend, (s)/(a): provision **${ratioText(ratios.postgresProvision)}**, teardown **${ratioText(ratios.postgresTeardown)}**.`);
  }
  if (ratios.kubernetesProvision !== undefined || ratios.kubernetesFullCycle !== undefined) {
    lines.push(
      `- Kubernetes target against Docker, (k)/(a): provision to ready **${ratioText(ratios.kubernetesProvision)}**, full cycle ${ratioText(ratios.kubernetesFullCycle)}, teardown ${ratioText(ratios.kubernetesTeardown)}.`,
    );
  }
  return lines;
}

/** Peak memory of the driver variants other than (a), whose line has the split by group. */
function otherPeakLines(results: BenchResults): string[] {
  return Object.entries(results.peakMemoryByVariant ?? {})
    .filter(([variant]) => variant !== 'driver')
    .map(([variant, peak]) => `- ${variantTitles[variant as VariantName]} peak memory, driver and suites: **${mebibytes(peak.totalBytes)}**.`);
}

export function clusterLines(cluster: ClusterTiming): string[] {
  const figure = (value: number | undefined) => (value === undefined ? '–' : `${seconds(value)} s`);
  return [
    `- Local cluster (${cluster.steps.map((step) => `cluster ${step}`).join(', then ') || 'nothing run'}): start to node Ready **${figure(cluster.nodeReadySeconds)}**, to CoreDNS available ${figure(cluster.dnsReadySeconds)} (` +
      `\`cluster up\` ${figure(cluster.upWallSeconds)} in all); \`cluster down\` **${figure(cluster.downSeconds)}** (${figure(cluster.downWallSeconds)} in all)${cluster.ok ? '' : `; failed: ${cluster.error ?? 'unknown'}`}.`,
  ];
}

function presentVariants(results: BenchResults): VariantName[] {
  return variantNames.filter((variant) => results.cycles.some((cycle) => cycle.variant === variant && cycle.round > 0));
}

export function phaseTable(results: BenchResults): string[] {
  const variants = presentVariants(results);
  const withBaseline = variants.includes('docker-cli');
  const rows = Object.entries(results.phases).map(([phase, byVariant]) => {
    const cells = variants.map((variant) => {
      const stats = byVariant[variant];
      if (!stats) return '–';
      return stats.count > 1 ? `${seconds(stats.median)} (${seconds(stats.min)}–${seconds(stats.max)})` : seconds(stats.median);
    });
    const driver = byVariant.driver?.median;
    const baseline = byVariant['docker-cli']?.median;
    const ratio = driver !== undefined && baseline ? ratioText(driver / baseline) : '–';
    return withBaseline ? [phase, ...cells, ratio] : [phase, ...cells];
  });
  // Without (b) in the run the (a)/(b) column would be empty.
  const ratioColumn = withBaseline ? ['(a)/(b)'] : [];
  return table(['phase (s)', ...variants.map((variant) => variantTitles[variant]), ...ratioColumn], rows, ['---', ...variants.map(() => '--:'), ...ratioColumn.map(() => '--:')]);
}

function medianOf(cycles: CycleMeasurement[], phase: string): string {
  const values = cycles.filter((cycle) => cycle.ok && cycle.phases[phase] !== undefined).map((cycle) => cycle.phases[phase] as number);
  return values.length === 0 ? '–' : `${seconds(median(values))} s`;
}

export function concurrencyLines(concurrency: ConcurrencyMeasurement): string[] {
  const lines = [
    `- ${concurrency.runs} branches at once: ${seconds(concurrency.wallSeconds)} s until the last one ended, against ${concurrency.singleSeconds === undefined ? '–' : `${seconds(concurrency.singleSeconds)} s`} for one alone: **${ratioText(concurrency.ratio)}**` +
      `${concurrency.ok ? '' : ' (not every run passed)'}; each run's median provision ${medianOf(concurrency.cycles, 'provision')}, teardown ${medianOf(concurrency.cycles, 'teardown')}` +
      `${concurrency.peakMemory ? `; all ${concurrency.runs} driver trees at their peak: ${mebibytes(concurrency.peakMemory.totalBytes)}` : ''}.`,
  ];
  const baseline = concurrency.baseline;
  if (baseline) {
    lines.push(
      `- For comparison, ${concurrency.runs} docker-CLI baselines at once: ${seconds(baseline.wallSeconds)} s against ${baseline.singleSeconds === undefined ? '–' : `${seconds(baseline.singleSeconds)} s`} alone: **${ratioText(baseline.ratio)}**` +
        `${baseline.ok ? '' : ' (not every run passed)'}; each one's median provision ${medianOf(baseline.cycles, 'provision')}.`,
    );
  }
  return lines;
}

function timelineCell(entry: TimelineEntry | undefined): string {
  if (!entry) return '';
  const parts: string[] = [];
  const start = entry.started ?? entry.created ?? entry.requested;
  if (entry.requested !== undefined && entry.requested !== start) parts.push(`asked ${seconds(entry.requested)}`);
  if (start !== undefined) parts.push(`${entry.started !== undefined ? 'started' : entry.created !== undefined ? 'created' : 'asked'} ${seconds(start)}`);
  if (entry.done !== undefined) parts.push(`done ${seconds(entry.done)}`);
  return parts.join(' → ');
}

export function timelineTable(cycles: Partial<Record<VariantName, CycleMeasurement>>): string[] {
  const variants = variantNames.filter((variant) => cycles[variant]);
  const names: string[] = [];
  // The generated passwords are instant and many: left out here, kept in results.json.
  for (const variant of variants) for (const entry of cycles[variant]?.timeline ?? []) if (entry.kind !== 'secret' && !names.includes(entry.name)) names.push(entry.name);
  const rows = names.map((name) => [name, ...variants.map((variant) => timelineCell(cycles[variant]?.timeline.find((entry) => entry.name === name)))]);
  return table(['resource', ...variants.map((variant) => variantTitles[variant])], rows);
}

function lastPassing(results: BenchResults, variant: VariantName): CycleMeasurement | undefined {
  return results.cycles.filter((cycle) => cycle.variant === variant && cycle.round > 0 && cycle.ok).at(-1);
}

export function renderResultsMarkdown(results: BenchResults): string {
  const { machine, options } = results;
  const lines: string[] = [
    variantsPresent(results, 'docker-cli') ? '# Benchmark: `ephemeral run` against plain docker CLI and docker-compose' : '# Benchmark: `ephemeral run`, the cases measured',
    '',
    `${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC · ${machine.cores} cores, ${mebibytes(machine.memoryBytes)} · Docker ${machine.docker} · ` +
      `docker-compose ${machine.compose ?? 'not installed'} · Node ${machine.node} · load average at start ${machine.load.map((load) => load.toFixed(2)).join(' ')}`,
    '',
    `Rounds: ${options.rounds} (each: ${presentVariants(results).map((variant) => variantTitles[variant].slice(1, 2)).join(', ') || 'none'}) · suites: ${options.suites.join(', ')} · load phase: ${options.loadSeconds === undefined ? 'its default duration' : `${options.loadSeconds} s`}. ` +
      'Cells: median (min–max) seconds over the cycles that passed.',
    '',
    ...phaseTable(results),
    '',
    // Only the phases in the table: (u)'s own would puzzle a run without it.
    ...Object.entries(phaseDescriptions)
      .filter(([phase]) => phase in results.phases)
      .map(([phase, description]) => `- **${phase}**: ${description}`),
    '',
    '## Ratios, concurrency, memory',
    '',
    ...(variantsPresent(results, 'docker-cli')
      ? [
          `- Full cycle (a)/(b): **${ratioText(results.ratios.fullCycle)}**; without the suites: ${ratioText(results.ratios.withoutSuites)}; provision: ${ratioText(results.ratios.provision)}; teardown: ${ratioText(results.ratios.teardown)}.`,
        ]
      : []),
    ...(results.ratios.upgrade === undefined ? [] : [`- Upgrade-path cycle (u)/(a), the same suites: **${ratioText(results.ratios.upgrade)}**.`]),
    ...caseRatioLines(results),
  ];
  const concurrency = results.concurrency;
  if (concurrency) lines.push(...concurrencyLines(concurrency));
  const peak = results.driverPeakMemory;
  if (peak) {
    const split = Object.entries(peak.byGroup)
      .filter(([, bytes]) => bytes > 0)
      .map(([group, bytes]) => `${group} ${mebibytes(bytes)}`)
      .join(', ');
    lines.push(`- Driver peak memory (sum of RSS over its process tree, sampled every 250 ms): **${mebibytes(peak.totalBytes)}** (${split}).`);
  }
  lines.push(...otherPeakLines(results));
  if (results.cluster) lines.push(...clusterLines(results.cluster));
  lines.push('', '## Against the targets of issues 6, 14, 11 and 13', '');
  lines.push(
    ...table(
      ['target', 'limit', 'measured', ''],
      targetChecks(results).map((check) => [
        check.target,
        check.limit,
        check.measured === undefined ? '–' : measuredText(check.measured, check.unit),
        check.met === undefined ? 'not measured' : check.met ? 'met' : '**missed**',
      ]),
    ),
  );
  const lastCycles = Object.fromEntries(variantNames.map((variant) => [variant, lastPassing(results, variant)]).filter(([, cycle]) => cycle)) as Partial<
    Record<VariantName, CycleMeasurement>
  >;
  if (Object.keys(lastCycles).length > 0) {
    lines.push(
      '',
      '## Where provisioning spends its time (last passing round)',
      '',
      'Seconds from the start of the provision phase. (a): `asked` and `done` come from the engine\'s step events (pulumi/events.jsonl), ' +
        'whose timestamps are whole seconds, so each such figure means "within the second after it"; `engine` spans its first event to its summary; ' +
        '`started` is the container\'s State.StartedAt from docker inspect (exact). (b), (c): asked and done as the bench saw them, started from docker inspect. ' +
        '(c) asks for everything at once (`up -d`) and is polled only after `up -d` returned.',
      '',
      ...timelineTable(lastCycles),
    );
  }
  const caseFailures = results.caseFailures ?? [];
  if (caseFailures.length > 0) {
    lines.push('', '## Cases that could not measure', '', ...caseFailures.map((failure) => `- **${failure.case}**: ${failure.reason}`));
  }
  const failed = [...results.cycles, ...(results.concurrency?.cycles ?? [])].filter((cycle) => !cycle.ok);
  if (failed.length > 0) {
    lines.push('', '## Cycles that failed', '');
    for (const cycle of failed) {
      lines.push(`- ${variantTitles[cycle.variant]} round ${cycle.round || 'concurrent'} (${cycle.slug}): ${(cycle.error ?? 'failed').split('\n')[0]}`);
      if (cycle.leftBehind.length > 0) lines.push(`  left behind: ${cycle.leftBehind.join(', ')}`);
    }
  }
  if (results.notes.length > 0) lines.push('', '## Notes', '', ...results.notes.map((note) => `- ${note}`));
  lines.push('');
  return lines.join('\n');
}
