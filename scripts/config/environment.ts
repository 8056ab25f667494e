// The one place that decides what an environment variable means to the tool: an empty
// value is unset. GitHub Actions gives an unset repository variable or secret as "", and
// `PULUMI_BACKEND_URL=""` would otherwise send the Pulumi CLI to Pulumi Cloud.
import type { Env } from '../toolchain/cache-paths.ts';

/** Prefixes of the settings that the tool and the Pulumi CLI it starts read. */
const settingPrefixes = ['EPHEMERAL_', 'PULUMI_'];

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** The environment as every command sees it: blank values dropped. Pure. */
export function readEnvironment(raw: Readonly<Record<string, string | undefined>>): Env {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => !isBlank(value)));
}

/** The names of blank settings, which child processes must not inherit as "set". */
export function blankSettings(raw: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(raw).filter((name) => settingPrefixes.some((prefix) => name.startsWith(prefix)) && isBlank(raw[name]));
}

/**
 * Called once by each entry point before anything starts a child: the Pulumi CLI, the
 * suites and the seed inherit this process's environment, and they must agree with the
 * tool that a blank setting is unset.
 */
export function dropBlankSettings(processEnv: NodeJS.ProcessEnv): Env {
  for (const name of blankSettings(processEnv)) delete processEnv[name];
  return readEnvironment(processEnv);
}
