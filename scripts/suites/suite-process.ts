// How a suite's child process is started: the Node that runs the driver, the project root
// as working directory, and an environment built from an allow-list, so no secret of the
// driver's (a Pulumi passphrase, a cloud token) reaches a suite. The environment travels
// as two file paths, never as values on a command line.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SuiteContext } from './suite-runner.ts';

const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TERM',
  'NO_COLOR',
  'FORCE_COLOR',
  'CI',
  'GITHUB_ACTIONS',
  'XDG_RUNTIME_DIR',
  'DOCKER_HOST',
  'DOCKER_CONTEXT',
  'DOCKER_CONFIG',
  'DOCKER_CERT_PATH',
  'DOCKER_TLS_VERIFY',
  'EPHEMERAL_CHROMIUM',
  'NODE_COMPILE_CACHE',
] as const;

export function suiteProcessEnv(
  parent: Record<string, string | undefined>,
  context: Pick<SuiteContext, 'outputsFile' | 'artifactsDir'>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra, EPHEMERAL_OUTPUTS_FILE: context.outputsFile, EPHEMERAL_ARTIFACTS_DIR: context.artifactsDir };
}

const require = createRequire(import.meta.url);

/** The CLI script of a package's bin, run with this process's Node (not whatever `node` PATH finds). */
export function packageCli(packageName: string, relativeScript: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), relativeScript);
}

/** An execa line transform that shows each non-empty line as progress and passes it on. */
export function forwardLines(progress: (line: string) => void, prefix: string) {
  return function* (line: unknown) {
    const text = String(line);
    if (text.trim() !== '') progress(`${prefix}${text}`);
    yield text;
  };
}
