// The benchmark top to bottom: images once (warm, outside the timing); the chosen cases'
// set-up (the PostgreSQL of (s), the local cluster's down/up timing); per round (a) the
// driver's run, then (u), (s) and (k) beside it, (b) the docker CLI baseline, (c)
// docker-compose where installed; the cluster left as found; N driver runs at once; a
// leak check over every bench slug. A case that cannot run is reported, not fatal.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { listLabelledObjects } from '../docker/labelled-objects.ts';
import { removeLabelledObjects } from '../docker/remove-labelled-objects.ts';
import { labelKeys } from '../naming/labels.ts';
import { branchSlug } from '../naming/slug.ts';
import type { LoadedProject } from '../contract/load-config.ts';
import { prepareImages } from '../targets/stack-source.ts';
import { createToolchainContext } from '../toolchain/toolchain-context.ts';
import { runBaselineCycle } from './baseline/baseline-cycle.ts';
import { composeStack, composeVersion } from './baseline/compose-stack.ts';
import { dockerCliStack } from './baseline/docker-cli-stack.ts';
import type { BenchOptions, BenchResults, CaseFailure, CycleMeasurement, MachineFacts, VariantName } from './bench-types.ts';
import { runConcurrentBaselines, runConcurrentDrivers } from './concurrent-runs.ts';
import { driverRunTakes, runDriverCycle } from './driver-cycle.ts';
import { type BenchCase, benchCases } from './bench-cases.ts';
import { finishClusterCase, startClusterCase, startPostgresCase } from './case-setup.ts';
import { kubernetesLeftovers, localClusterControl } from './cluster-control.ts';
import { noteRefusal, plannedDriverCases } from './driver-cases.ts';
import { buildResults } from './results.ts';
import { median } from './statistics.ts';

export interface BenchDependencies {
  /** The project the bench runs: the driver through its config, the baselines by its images. */
  project: LoadedProject;
  signal: AbortSignal;
  progress: (line: string) => void;
}

const variantLetter: Record<VariantName, string> = { driver: 'a', 'docker-cli': 'b', compose: 'c', upgrade: 'u', postgres: 's', kubernetes: 'k' };

/** A fresh branch per cycle: `bench/<letter>-<round>-<random>`. */
export function benchBranch(variant: VariantName | 'concurrent' | 'concurrent-baseline', round: number | string): string {
  const letter = variant === 'concurrent' ? 'p' : variant === 'concurrent-baseline' ? 'q' : variantLetter[variant];
  return `bench/${letter}-${round}-${randomBytes(3).toString('hex')}`;
}

async function machineFacts(compose: string | undefined): Promise<MachineFacts> {
  const docker = await execa('docker', ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})'], { reject: false });
  return { cores: cpus().length, memoryBytes: totalmem(), node: process.version, docker: docker.stdout.trim() || 'unknown', compose, load: loadavg() };
}

function describeCycle(cycle: CycleMeasurement): string {
  const phase = (name: string) => (cycle.phases[name] === undefined ? '–' : `${cycle.phases[name].toFixed(1)}s`);
  return `${cycle.ok ? 'ok' : 'FAILED'} full ${phase('full cycle')}, provision ${phase('provision')}, teardown ${phase('teardown')}${cycle.error ? `: ${cycle.error.split('\n')[0]}` : ''}`;
}

export async function runBenchmark(options: BenchOptions, deps: BenchDependencies): Promise<BenchResults> {
  const { signal, progress } = deps;
  const cases = new Set<BenchCase>(options.cases ?? benchCases);
  const toolchain = createToolchainContext(process.env);
  const artifactsRoot = join(options.outputDir, 'results-artifacts');
  mkdirSync(artifactsRoot, { recursive: true });
  const notes: string[] = [];
  const caseFailures: CaseFailure[] = [];
  progress('bench: images (once, outside the timing)');
  const prepared = await prepareImages(deps.project, toolchain);
  const images = { ...prepared.baseImages, ...prepared.images };
  const composeInstalled = await composeVersion();
  const compose = cases.has('compose') ? composeInstalled : undefined;
  if (cases.has('compose') && !compose) notes.push('docker-compose is not installed: variant (c) skipped (`apt-get install docker-compose` adds it; the bench installs nothing).');
  else if (compose) notes.push(`(c) uses docker-compose ${compose}, which has no \`up --wait\`: \`up -d\` (it waits on depends_on health and migrate's exit itself), then the same 100 ms polling of docker inspect.`);
  const suites = options.suites;
  let driverLoadSeconds: number | undefined;
  if (options.loadSeconds !== undefined) {
    if (await driverRunTakes('--load-seconds')) driverLoadSeconds = options.loadSeconds;
    else notes.push(`--load-seconds ${options.loadSeconds} applies to (b) and (c) only: the driver's \`run\` has no --load-seconds, so (a) ran the load phase for its default duration and its load figure is not comparable.`);
  }
  const machine = await machineFacts(composeInstalled);
  const common = { suites, artifactsRoot, signal };
  // Phase lines only: the suites' own output ("[api] ...") is in each cycle's artifacts.
  const phaseLines = (line: string) => {
    if (!line.startsWith('[')) progress(`  ${line}`);
  };
  const baseline = { ...common, project: deps.project, images, loadSeconds: options.loadSeconds, coordination: toolchain.coordination, backendUrl: toolchain.backendUrl, progress: phaseLines };
  const cycles: CycleMeasurement[] = [];
  const record = (cycle: CycleMeasurement) => {
    cycles.push(cycle);
    progress(`bench: ${cycle.variant} round ${cycle.round}: ${describeCycle(cycle)}`);
  };

  // (s)'s database lives as long as the rounds; removed however they end (failure, SIGINT).
  await using postgres = cases.has('pg') ? await startPostgresCase(toolchain, signal, progress, caseFailures, notes) : undefined;
  const clusterControl = localClusterControl(toolchain, signal);
  const kubernetesSlugs = new Set<string>();
  const ours = (namespace: string) => kubernetesSlugs.has(namespace);
  const clusterStart = cases.has('cluster') ? await startClusterCase(clusterControl, progress, ours, caseFailures) : undefined;
  const driverCases = plannedDriverCases(cases, options, postgres, kubernetesLeftovers(toolchain, process.env));

  for (let round = 1; round <= options.rounds; round += 1) {
    for (const driverCase of driverCases) {
      if (driverCase.refused) continue;
      signal.throwIfAborted();
      progress(`bench: round ${round}/${options.rounds}: ${driverCase.title}`);
      const branch = benchBranch(driverCase.variant, round);
      if (driverCase.variant === 'kubernetes') kubernetesSlugs.add(branchSlug(branch));
      const cycle = await runDriverCycle({ ...common, ...driverCase.request, round, branch, loadSeconds: driverLoadSeconds, logFile: join(artifactsRoot, `${driverCase.variant}-${round}.stderr.log`) });
      record(cycle);
      noteRefusal(driverCase, cycle, caseFailures);
    }
    if (cases.has('docker-cli')) {
      signal.throwIfAborted();
      progress(`bench: round ${round}/${options.rounds}: (b) docker CLI`);
      record(await runBaselineCycle(dockerCliStack(), { ...baseline, round, branch: benchBranch('docker-cli', round) }));
    }
    if (compose) {
      signal.throwIfAborted();
      progress(`bench: round ${round}/${options.rounds}: (c) docker-compose`);
      record(await runBaselineCycle(composeStack(), { ...baseline, round, branch: benchBranch('compose', round) }));
    }
  }
  const cluster = clusterStart ? await finishClusterCase(clusterControl, clusterStart, progress, ours, caseFailures) : undefined;

  let concurrency: BenchResults['concurrency'];
  if (cases.has('parallel') && options.parallel > 0) {
    signal.throwIfAborted();
    const singles = cycles.filter((cycle) => cycle.variant === 'driver' && cycle.ok).map((cycle) => cycle.wallSeconds);
    progress(`bench: ${options.parallel} driver runs at once`);
    concurrency = await runConcurrentDrivers({
      ...common,
      runs: options.parallel,
      loadSeconds: driverLoadSeconds,
      branch: (index) => benchBranch('concurrent', index + 1),
      logDir: artifactsRoot,
      singleSeconds: singles.length > 0 ? median(singles) : undefined,
    });
    for (const cycle of concurrency.cycles) progress(`bench: concurrent ${cycle.slug}: ${describeCycle(cycle)}`);
    signal.throwIfAborted();
    progress(`bench: ${options.parallel} docker-CLI baselines at once, for comparison`);
    const baselineSingles = cycles.filter((cycle) => cycle.variant === 'docker-cli' && cycle.ok).map((cycle) => cycle.wallSeconds);
    concurrency.baseline = await runConcurrentBaselines({
      ...baseline,
      progress: () => {},
      runs: options.parallel,
      branch: (index) => benchBranch('concurrent-baseline', index + 1),
      singleSeconds: baselineSingles.length > 0 ? median(baselineSingles) : undefined,
    });
    for (const cycle of concurrency.baseline.cycles) progress(`bench: concurrent ${cycle.slug}: ${describeCycle(cycle)}`);
  }

  // Nothing of the bench's may outlive it.
  const slugs = new Set([...cycles, ...(concurrency?.cycles ?? []), ...(concurrency?.baseline?.cycles ?? [])].map((cycle) => cycle.slug));
  const leftovers = (await listLabelledObjects(labelKeys.stack)).filter((object) => slugs.has(object.labels[labelKeys.stack] ?? ''));
  if (leftovers.length > 0) {
    notes.push(`left behind after the bench, now removed by label: ${leftovers.map((object) => `${object.kind} ${object.name}`).join(', ')}`);
    for (const slug of new Set(leftovers.map((object) => object.labels[labelKeys.stack] as string))) await removeLabelledObjects(`${labelKeys.stack}=${slug}`);
  } else {
    notes.push('No container, network or volume labelled with a bench slug was left after the bench.');
  }

  return buildResults({
    generatedAt: new Date().toISOString(),
    machine,
    options: {
      rounds: options.rounds,
      suites: options.suites,
      ...(options.suiteStages ? { suiteStages: options.suiteStages } : {}),
      parallel: options.parallel,
      loadSeconds: options.loadSeconds,
      ...(options.upgradeFrom === undefined ? {} : { upgradeFrom: options.upgradeFrom }),
      cases: [...cases],
    },
    cycles,
    concurrency,
    notes,
    ...(cluster ? { cluster } : {}),
    caseFailures,
  });
}
