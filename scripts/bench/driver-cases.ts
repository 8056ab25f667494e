// The bench's cases that are one `ephemeral run` each, in the order a round runs them:
// (a) a plain run, then the cases measured against it right after it, so that each
// round compares runs made under the same machine load. Pure: the plan, not the runs.
import type { BenchCase } from './bench-cases.ts';
import type { BenchOptions, CaseFailure, CycleMeasurement } from './bench-types.ts';
import { ExitCode } from '../errors.ts';
import { type DriverCycleRequest, type DriverVariant, labelledDockerObjects } from './driver-cycle.ts';

export interface DriverCase {
  name: BenchCase;
  variant: DriverVariant;
  title: string;
  /** What this case's runs add to the round's common request. */
  request: Pick<DriverCycleRequest, 'sampleMemory' | 'variant' | 'upgradeFrom' | 'target' | 'env' | 'findLeftovers'>;
  /** Set once the driver refused the case's options (exit 64): its later rounds are not run. */
  refused: boolean;
}

/** The state backend of (s): a PostgreSQL URL and the passphrase its runs share. */
export interface SharedBackend {
  backendUrl: string;
  passphrase: string;
}

export function plannedDriverCases(
  cases: ReadonlySet<BenchCase>,
  options: Pick<BenchOptions, 'upgradeFrom'>,
  backend: SharedBackend | undefined,
  clusterLeftovers: (slug: string) => Promise<string[]>,
): DriverCase[] {
  const planned: DriverCase[] = [];
  const add = (name: BenchCase, variant: DriverVariant, title: string, request: Omit<DriverCase['request'], 'variant'>) =>
    planned.push({ name, variant, title, request: { ...request, variant }, refused: false });
  if (cases.has('run')) add('run', 'driver', '(a) ephemeral run', { sampleMemory: true });
  if (cases.has('upgrade') && options.upgradeFrom !== undefined) {
    const ref = options.upgradeFrom === true ? '(the default branch)' : options.upgradeFrom;
    add('upgrade', 'upgrade', `(u) ephemeral run --upgrade-from ${ref}`, { sampleMemory: false, upgradeFrom: options.upgradeFrom });
  }
  if (cases.has('pg') && backend) {
    // Through the environment, as a CI runner gets it from its secrets: the URL holds a password.
    const env = { PULUMI_BACKEND_URL: backend.backendUrl, PULUMI_CONFIG_PASSPHRASE: backend.passphrase };
    add('pg', 'postgres', '(s) ephemeral run with the PostgreSQL state backend', { sampleMemory: true, env });
  }
  if (cases.has('kubernetes')) {
    const findLeftovers = async (slug: string) => [...(await labelledDockerObjects(slug)), ...(await clusterLeftovers(slug))];
    add('kubernetes', 'kubernetes', '(k) ephemeral run --target kubernetes', { sampleMemory: true, target: 'kubernetes', findLeftovers });
  }
  return planned;
}

/**
 * After each of a case's runs: a run that refused its options (exit 64) created nothing,
 * and another round would only say the same, so the case is marked refused (its later
 * rounds are not run) and becomes a case failure with the driver's reason.
 */
export function noteRefusal(driverCase: DriverCase, cycle: CycleMeasurement, failures: CaseFailure[]): void {
  if (cycle.exitCode !== ExitCode.usage || driverCase.refused) return;
  driverCase.refused = true;
  failures.push({ case: driverCase.name, reason: cycle.error ?? 'the driver refused its options (exit 64)' });
}
