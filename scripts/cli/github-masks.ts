// Under GitHub Actions every generated secret is registered with the runner's
// `::add-mask::` workflow command before anything could print it, so the job log hides
// it even where a suite, a service or a person's script prints it. The tool's own
// output and artifacts are redacted besides.
import { minimumSecretLength } from '../artifacts/redact.ts';
import type { Env } from '../toolchain/cache-paths.ts';

export type SecretMasker = (values: Iterable<string>) => void;

/** Command data escaped as GitHub's toolkit escapes it. */
function escapeCommandData(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/**
 * The mask commands for values not masked yet. The runner matches masks line by line,
 * so each line of a multi-line value is masked on its own, besides the whole.
 */
export function maskCommands(values: Iterable<string>, alreadyMasked: Set<string>): string[] {
  const commands: string[] = [];
  for (const value of values) {
    const parts = [value, ...value.split(/\r?\n/)].filter((part) => part.trim().length >= minimumSecretLength);
    for (const part of parts) {
      if (alreadyMasked.has(part)) continue;
      alreadyMasked.add(part);
      commands.push(`::add-mask::${escapeCommandData(part)}`);
    }
  }
  return commands;
}

/**
 * A masker when the tool runs under GitHub Actions, else undefined. Masks go to stdout
 * as GitHub's convention says; with --json, stdout carries the result, so they go to
 * stderr, which the runner reads for workflow commands too.
 */
export function githubSecretMasker(env: Env, json: boolean): SecretMasker | undefined {
  if (env['GITHUB_ACTIONS'] !== 'true') return undefined;
  const stream = json ? process.stderr : process.stdout;
  const masked = new Set<string>();
  return (values) => {
    for (const command of maskCommands(values, masked)) stream.write(`${command}\n`);
  };
}
