// The end of every suite run, whatever tool ran it: counts from the outcomes, a log slice
// per failing test, and the services at fault.
import { type FailingTest, allContainers, writeLogSlices } from './log-slices.ts';
import { isAbsolute, join, relative } from 'node:path';
import type { FailingTestDetail, SuiteContext, SuiteResult } from './suite-runner.ts';
import { countOutcomes, servicesAtFault, type TestOutcome } from './test-outcome.ts';

export interface FinishOptions {
  /** When the suite started: log lines before it belong to earlier runs. */
  since: Date;
  /** Keeps only some of a failing test's lines (the load phase's ids are on thousands). */
  lineFilter?: (line: string) => boolean;
}

/** The failing tests for the report: paths relative to the artifact folder, where they lie inside it. */
export function failingTestDetails(outcomes: readonly TestOutcome[], sliced: ReadonlySet<string>, artifactsDir: string): FailingTestDetail[] {
  const inArtifacts = (path: string) => {
    const inside = relative(artifactsDir, isAbsolute(path) ? path : join(artifactsDir, path));
    return inside.startsWith('..') ? path : inside;
  };
  return outcomes
    .filter((outcome) => outcome.status === 'failed')
    .map((outcome) => ({
      name: outcome.name,
      ...(outcome.testId ? { testId: outcome.testId } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.testId && sliced.has(outcome.testId) ? { logSlice: join('logs', 'by-test', `${outcome.testId}.log`) } : {}),
      ...(outcome.attachments?.length ? { attachments: outcome.attachments.map((attachment) => ({ name: attachment.name, path: inArtifacts(attachment.path) })) } : {}),
    }));
}

export async function finishSuite(
  suite: string,
  outcomes: TestOutcome[],
  context: SuiteContext,
  startedAt: number,
  options: FinishOptions,
): Promise<SuiteResult> {
  const counts = countOutcomes(outcomes);
  let serviceAtFault: string[] | undefined;
  let sliced = new Set<string>();
  if (counts.failed > 0) {
    // The services the target shows, plus the declared ones it shows no workload of (a stopped worker).
    const services = { ...Object.fromEntries((context.services ?? []).map((service) => [service, [] as string[]])), ...(await context.workloads.services(context.slug)) };
    const failing = outcomes.flatMap((outcome): FailingTest[] => (outcome.status === 'failed' && outcome.testId ? [{ name: outcome.name, testId: outcome.testId }] : []));
    const logs = await context.workloads.logsSince(allContainers(services), options.since);
    const written = writeLogSlices(logs, context.artifactsDir, failing, options.lineFilter);
    sliced = new Set(failing.map((test) => test.testId));
    if (written.length > 0) context.progress(`[${suite}] log slices of ${written.length} failing test${written.length === 1 ? '' : 's'} in logs/by-test/`);
    serviceAtFault = servicesAtFault(outcomes, await context.workloads.servicesDown(services), context.services ? Object.keys(services) : undefined);
  }
  return {
    suite,
    ...counts,
    seconds: (performance.now() - startedAt) / 1_000,
    ...(serviceAtFault ? { serviceAtFault } : {}),
    ...(counts.failed > 0 ? { failingTests: failingTestDetails(outcomes, sliced, context.artifactsDir) } : {}),
  };
}

