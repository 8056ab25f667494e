// The end of every suite run, whatever tool ran it: counts from the outcomes, a log slice
// per failing test, and the services at fault.
import { type FailingTest, writeLogSlices } from './log-slices.ts';
import { stackServices } from '../docker/stack-services.ts';
import { servicesDown } from './service-state.ts';
import type { SuiteContext, SuiteResult } from './suite-runner.ts';
import { countOutcomes, servicesAtFault, type TestOutcome } from './test-outcome.ts';

export interface FinishOptions {
  /** When the suite started: log lines before it belong to earlier runs. */
  since: Date;
  /** Keeps only some of a failing test's lines (the load phase's ids are on thousands). */
  lineFilter?: (line: string) => boolean;
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
  if (counts.failed > 0) {
    // The services Docker shows, plus the declared ones it shows no container of (a stopped worker).
    const services = { ...Object.fromEntries((context.services ?? []).map((service) => [service, [] as string[]])), ...(await stackServices(context.slug)) };
    const failing = outcomes.flatMap((outcome): FailingTest[] => (outcome.status === 'failed' && outcome.testId ? [{ name: outcome.name, testId: outcome.testId }] : []));
    const written = await writeLogSlices(services, context.artifactsDir, failing, options.since, options.lineFilter);
    if (written.length > 0) context.progress(`[${suite}] log slices of ${written.length} failing test${written.length === 1 ? '' : 's'} in logs/by-test/`);
    serviceAtFault = servicesAtFault(outcomes, await servicesDown(services), context.services ? Object.keys(services) : undefined);
  }
  return {
    suite,
    ...counts,
    seconds: (performance.now() - startedAt) / 1_000,
    ...(serviceAtFault ? { serviceAtFault } : {}),
  };
}

