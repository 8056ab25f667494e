// The stack contract between the tool and a project: what a project's
// `ephemeral.config.ts` default-exports through `defineConfig`. Plain data plus the
// program factory; the driver reaches the project's stack, images, seed, suites and
// faults only through this, and knows none of their names.
import type { ZodType } from 'zod';
import type { BenchDefinition } from './baseline-plan.ts';

export const targetNames = ['docker', 'kubernetes'] as const;
export type TargetName = (typeof targetNames)[number];

/** A stack-config value: what `pulumi config set` can hold. */
export type StackConfigValue = string | number | boolean;

/** What a program is given: inline as an argument, or as `ephemeral:*` stack config to a `workDir` project. */
export interface ProgramContext {
  /** The stack name; prefix every resource name with it. */
  slug: string;
  branch: string;
  runId: string;
  target: TargetName;
  /** `ephemeral.*` labels: put them on every container, network and volume the program creates. */
  labels: Record<string, string>;
  /** Image tags by the names of `images`, built by content before `up`. */
  images: Record<string, string>;
  /** The base images the bootstrap built (e.g. `node`, `postgres`, `redis`), by role. */
  baseImages: Record<string, string>;
  /** The fault planted (`--fault NAME`), or undefined. */
  fault: string | undefined;
  /** The project's stack config: `config`, with the planted fault's overrides on top. */
  config: Record<string, StackConfigValue>;
}

/** Outputs as the program returns them; mark secret ones with `pulumi.secret`. */
export type StackOutputs = object;

/** `(ctx) => async () => outputs`: an inline Pulumi program, run inside the driver. */
export type ProgramFactory = (context: ProgramContext) => () => Promise<StackOutputs>;

/** Per target, exactly one of the two. */
export interface TargetDefinition {
  /** An inline program (TypeScript), the cheapest: no language host, no second process. */
  program?: ProgramFactory;
  /** A Pulumi project in any language (a folder with `Pulumi.yaml`), relative to the config file. */
  workDir?: string;
}

export interface ImageStageRequest {
  /** The image's name in `images`. */
  name: string;
  /** `context`, resolved against the project root. */
  contextDir: string;
  /** A folder the hook may keep between runs (the tool's cache), its own per image. */
  cacheDir: string;
  /** Where the hook's tool output goes (appended). */
  logFile: string;
}

export interface ImageDefinition {
  /** The build context, relative to the config file. */
  context: string;
  /** The Dockerfile, relative to the config file. */
  dockerfile: string;
  /** Build arguments; every base image also arrives as `EPHEMERAL_BASE_<ROLE>`. */
  args?: Record<string, string>;
  /**
   * Optional: stage the folder to build from (the build has no network), e.g. the context
   * plus dependencies installed on the host. Runs only when the content tag is not built yet.
   */
  stage?: (request: ImageStageRequest) => Promise<string>;
}

export interface EntryPointDefinition {
  /** The name of the stack output that holds the URL. */
  output: string;
  /** A path that answers 2xx once the service is ready, e.g. `/health`. */
  health?: string;
}

export interface SeedDefinition {
  /** argv, run once after ready from the project root, with the outputs in its environment. */
  command: string[];
  timeoutSeconds?: number;
}

export interface VitestRunnerDefinition {
  kind: 'vitest';
  /** A vitest config, relative to the config file. */
  config: string;
  /** The vitest project in that config. */
  project: string;
}

export interface PlaywrightRunnerDefinition {
  kind: 'playwright';
  /** A Playwright config, relative to the config file; it writes its JSON report to `report`. */
  config: string;
  /** The JSON report, relative to the run's artifacts dir (default `playwright/results.json`). */
  report?: string;
}

export interface CommandRunnerDefinition {
  kind: 'command';
  /** argv, run from the project root with the outputs in its environment. */
  argv: string[];
  /** The JUnit XML it writes, relative to the run's artifacts dir (`$EPHEMERAL_ARTIFACTS_DIR`). */
  junit: string;
}

export type SuiteRunnerDefinition = VitestRunnerDefinition | PlaywrightRunnerDefinition | CommandRunnerDefinition;

export interface SuiteDefinition {
  /** For `--suites` and the summary: lower case, digits and `-`. */
  name: string;
  /** Suites of one stage run at once; stages run in ascending order. */
  stage: number;
  /** It measures latency: it runs only while it holds the host-wide measurement slot. */
  measuresLatency?: boolean;
  runner: SuiteRunnerDefinition;
}

export interface FaultDefinition {
  /** One line for `--help` and the summary. */
  description?: string;
  /** Stack-config overrides that plant the breakage. */
  config: Record<string, StackConfigValue>;
}

/** A command the upgrade path runs, from its version's project root, with the outputs in its environment. */
export interface UpgradeStepDefinition {
  /** argv; `node` as argv[0] is the tool's own Node. */
  command: string[];
  timeoutSeconds?: number;
}

/** `run --upgrade-from REF`: what proves the data of the version before survives the rollout. */
export interface UpgradeDefinition {
  /** Run against the old version after its seed: writes data through it. The old version's (REF's) config declares the one that runs. */
  before?: UpgradeStepDefinition;
  /** Run against the new version after the rollout and its seed, before the suites: reads back (and updates) what `before` wrote. */
  after?: UpgradeStepDefinition;
  /** The longest an entry point may stop answering its health path during the rollout; beyond it the run fails (exit 1). */
  maxDowntimeMs?: number;
}

export interface ProjectConfig {
  /** The project's name; shown in reports, prefixes nothing. */
  name: string;
  targets: Partial<Record<TargetName, TargetDefinition>>;
  images?: Record<string, ImageDefinition>;
  entryPoints: Record<string, EntryPointDefinition>;
  /** Optional: checks the outputs after `up` (a zod schema); a mismatch fails provisioning. */
  outputs?: ZodType;
  seed?: SeedDefinition;
  /**
   * Optional: the stack's services. A failing test's tags that name one hold it to account
   * (other tags are ignored); a declared service with no live container is down.
   */
  services?: string[];
  suites?: SuiteDefinition[];
  faults?: Record<string, FaultDefinition>;
  /** The project's stack config, given to every program (`ctx.config` / `ephemeral:*`). */
  config?: Record<string, StackConfigValue>;
  /** Optional: the steps and limits of `run --upgrade-from REF`. */
  upgrade?: UpgradeDefinition;
  /** Optional, for `npm run bench`: the stack as plain data, for the docker-CLI and Compose baselines. */
  bench?: BenchDefinition;
}

/** Types a project's config; the default export of `ephemeral.config.ts`. */
export function defineConfig<const Config extends ProjectConfig>(config: Config): Config {
  return config;
}
