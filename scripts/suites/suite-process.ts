// How a suite's (or the seed's) child process is started: the Node that runs the driver,
// the project root as working directory, and an environment built from an allow-list, so
// no secret of the driver's (a Pulumi passphrase, a cloud token) reaches a suite. The
// outputs travel as a file path and as EPHEMERAL_OUTPUT_<NAME>, never on a command line.
import { createRequire } from 'node:module';
import { execa } from 'execa';
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

/** `siteUrl` → `SITE_URL`, `cache-host` → `CACHE_HOST`. */
export function outputVariableName(output: string): string {
  return `EPHEMERAL_OUTPUT_${output
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;
}

/** One variable per output: strings as they are, anything else as JSON. */
export function outputVariables(outputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [outputVariableName(name), typeof value === 'string' ? value : JSON.stringify(value)]));
}

export function suiteProcessEnv(
  parent: Record<string, string | undefined>,
  context: Pick<SuiteContext, 'outputsFile' | 'artifactsDir' | 'slug'> & Partial<Pick<SuiteContext, 'outputEnv' | 'extraEnv'>>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    ...context.extraEnv,
    ...extra,
    ...context.outputEnv,
    EPHEMERAL_OUTPUTS: context.outputsFile,
    EPHEMERAL_ARTIFACTS_DIR: context.artifactsDir,
    EPHEMERAL_STACK: context.slug,
  };
}

/** `node` in a configured argv means the Node that runs the tool, not whatever PATH finds. */
export function resolveArgv(argv: readonly string[]): [string, string[]] {
  const [program = '', ...args] = argv;
  return [program === 'node' ? process.execPath : program, args];
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

export interface ProjectCommand {
  program: string;
  args: string[];
  /** Progress lines carry it: `[api] `, `[seed] `. */
  prefix: string;
  /** Both streams are appended here, beside the suite's reports. */
  log: string;
  timeoutMs?: number;
  /** Variables besides what suiteProcessEnv gives. */
  env?: Record<string, string>;
}

/** Runs a suite's or the seed's process as suiteProcessEnv says, its output shown and kept; never rejects. */
export function runProjectCommand(command: ProjectCommand, context: Pick<SuiteContext, 'projectRoot' | 'signal' | 'progress'> & Parameters<typeof suiteProcessEnv>[1]) {
  const forward = forwardLines(context.progress, command.prefix);
  return execa(command.program, command.args, {
    cwd: context.projectRoot,
    env: suiteProcessEnv(process.env, context, command.env),
    extendEnv: false,
    reject: false,
    cancelSignal: context.signal,
    ...(command.timeoutMs === undefined ? {} : { timeout: command.timeoutMs }),
    forceKillAfterDelay: 5_000,
    stdout: [forward, { file: command.log, append: true }],
    stderr: [forward, { file: command.log, append: true }],
  });
}
