// A target given as `workDir`: a Pulumi project in any language, with its own Pulumi.yaml.
// The driver stages it (a folder of links to the project's files, under the tool's cache)
// with a Pulumi.yaml of the tool's project name, so its state sits beside every other
// environment's for `list` and `gc`, and hands it `ctx` as `ephemeral:*` stack config.
// Its language host must be installed: Pulumi never downloads one here.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { LocalWorkspace, type ProjectSettings, type Stack, StackAlreadyExistsError } from '@pulumi/pulumi/automation/index.js';
import { parse } from 'yaml';
import type { ToolchainContext } from '../components/component.ts';
import type { ProgramContext } from '../contract/define-config.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { projectName, workspaceOptions } from '../pulumi/open-stack.ts';

export interface WorkDirProject {
  /** The project's folder, as the config names it (absolute). */
  dir: string;
  runtime: string;
  /** The whole of its Pulumi.yaml (a YAML program lives in it), kept as it is but for name and backend. */
  settings: Record<string, unknown>;
}

export function readWorkDirProject(dir: string): WorkDirProject {
  const settings = (parse(readFileSync(join(dir, 'Pulumi.yaml'), 'utf8')) ?? {}) as Record<string, unknown> & { runtime?: string | { name?: string } };
  const runtime = typeof settings.runtime === 'string' ? settings.runtime : settings.runtime?.name;
  if (!runtime) {
    throw new EphemeralError(`${join(dir, 'Pulumi.yaml')} names no runtime`, { code: 'E_CONFIG', exitCode: ExitCode.usage, remedy: 'add `runtime: nodejs` (or python, go, …) to its Pulumi.yaml' });
  }
  return { dir, runtime, settings };
}

/** Where Pulumi looks for `pulumi-language-<runtime>`: PATH, beside the CLI, and the plugin folder. */
export function languageHostCandidates(runtime: string, toolchain: Pick<ToolchainContext, 'paths' | 'env'>): string[] {
  const binary = `pulumi-language-${runtime}`;
  const pathDirs = (toolchain.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const cliDir = join(toolchain.paths.pulumiRoot, 'bin');
  const pluginsDir = join(toolchain.paths.pulumiHome, 'plugins');
  const plugins = existsSync(pluginsDir) ? readdirSync(pluginsDir).filter((name) => name.startsWith(`language-${runtime}-`)).map((name) => join(pluginsDir, name)) : [];
  return [cliDir, ...pathDirs, ...plugins].map((dir) => join(dir, binary));
}

export function assertLanguageHost(project: WorkDirProject, toolchain: Pick<ToolchainContext, 'paths' | 'env'>): void {
  if (languageHostCandidates(project.runtime, toolchain).some((file) => statSync(file, { throwIfNoEntry: false })?.isFile())) return;
  throw new EphemeralError(`the Pulumi project in ${project.dir} needs the ${project.runtime} language host (pulumi-language-${project.runtime}), which is not installed`, {
    code: 'E_LANGUAGE_HOST',
    exitCode: ExitCode.usage,
    remedy: `install pulumi-language-${project.runtime} beside the Pulumi CLI (${join(toolchain.paths.pulumiRoot, 'bin')}) or on PATH (\`npm run ephemeral -- bootstrap\` builds the ones the project pins); or give the target an inline \`program\``,
  });
}

/**
 * `ctx` as stack config: `ephemeral:slug`, `ephemeral:labels` (JSON), …, each project setting,
 * and each image flat as `ephemeral:image-<name>` and `ephemeral:baseImage-<role>` (for
 * languages where JSON is awkward, as Pulumi YAML).
 */
export function workDirStackConfig(context: ProgramContext): Record<string, string> {
  const config: Record<string, string> = {
    'ephemeral:slug': context.slug,
    'ephemeral:branch': context.branch,
    'ephemeral:runId': context.runId,
    'ephemeral:target': context.target,
    'ephemeral:labels': JSON.stringify(context.labels),
    'ephemeral:images': JSON.stringify(context.images),
    'ephemeral:baseImages': JSON.stringify(context.baseImages),
  };
  for (const [name, tag] of Object.entries(context.images)) config[`ephemeral:image-${name}`] = tag;
  for (const [role, ref] of Object.entries(context.baseImages)) config[`ephemeral:baseImage-${role}`] = ref;
  if (context.fault) config['ephemeral:fault'] = context.fault;
  for (const [key, value] of Object.entries(context.config)) config[`ephemeral:${key}`] = String(value);
  return config;
}

/** A folder of links to the project's files but its Pulumi settings, per stack. */
function stageWorkDir(project: WorkDirProject, stagingRoot: string, slug: string): string {
  const staged = join(stagingRoot, slug);
  rmSync(staged, { recursive: true, force: true });
  mkdirSync(staged, { recursive: true });
  for (const entry of readdirSync(project.dir)) {
    if (/^Pulumi(\..+)?\.ya?ml$/.test(entry)) continue;
    symlinkSync(resolve(project.dir, entry), join(staged, entry));
  }
  return staged;
}

export async function openWorkDirStack(toolchain: ToolchainContext, slug: string, project: WorkDirProject, context: ProgramContext): Promise<Stack> {
  assertLanguageHost(project, toolchain);
  const workDir = stageWorkDir(project, join(toolchain.paths.root, 'workdirs'), slug);
  const options = await workspaceOptions(toolchain);
  // The project's own settings (its runtime, main, a YAML program's resources) under the
  // tool's project name and backend: its state sits beside every other environment's.
  const projectSettings = { ...project.settings, name: projectName, backend: options.projectSettings?.backend } as ProjectSettings;
  const args = { stackName: slug, workDir };
  const stack = await LocalWorkspace.createStack(args, { ...options, workDir, projectSettings }).catch((error: unknown) => {
    if (!(error instanceof StackAlreadyExistsError)) throw error;
    return LocalWorkspace.selectStack(args, { ...options, workDir, projectSettings });
  });
  await stack.setAllConfig(Object.fromEntries(Object.entries(workDirStackConfig(context)).map(([key, value]) => [key, { value }])));
  return stack;
}
