// What a run deploys, from the project's config: its images built by content, the program
// context (`ctx`), and the target's program, inline or a `workDir` project.
import { join } from 'node:path';
import type { PulumiFn } from '@pulumi/pulumi/automation/index.js';
import { readBaseImageRefs } from '../components/base-images.ts';
import type { ToolchainContext } from '../components/component.ts';
import type { ProgramContext, ProjectConfig, TargetName } from '../contract/define-config.ts';
import type { LoadedProject } from '../contract/load-config.ts';
import { usageError } from '../errors.ts';
import { ensureProjectImages } from '../images/project-images.ts';
import type { StackIdentity } from '../naming/labels.ts';
import type { TargetRuntime } from './target-runtime.ts';
import { type WorkDirProject, readWorkDirProject } from './work-dir-stack.ts';

export interface PreparedImages {
  images: Record<string, string>;
  baseImages: Record<string, string>;
  /** Names of the images this call built (the others were there already). */
  built: string[];
}

export async function prepareImages(project: LoadedProject, toolchain: ToolchainContext): Promise<PreparedImages> {
  const baseImages: Record<string, string> = { ...readBaseImageRefs(toolchain) };
  const { tags, built } = await ensureProjectImages({
    root: project.root,
    images: project.config.images ?? {},
    baseImages,
    cacheRoot: toolchain.paths.root,
    internalLocks: toolchain.paths.internalLocks,
    logFile: join(toolchain.logDir, 'images.log'),
  });
  return { images: tags, baseImages, built };
}

/** The project's images built, then delivered to the target (imported, or pushed), under the names the target knows them by. */
export async function imagesForTarget(project: LoadedProject, toolchain: ToolchainContext, runtime: Pick<TargetRuntime, 'deliverImages'>, progress: (line: string) => void): Promise<PreparedImages> {
  const prepared = await prepareImages(project, toolchain);
  const renamed = await runtime.deliverImages([...Object.values(prepared.images), ...Object.values(prepared.baseImages)], progress);
  return renameImages(prepared, renamed);
}

/** The images under the names the target knows them by (a registry's), where it renamed them. Pure. */
export function renameImages(prepared: PreparedImages, renamed: Record<string, string>): PreparedImages {
  const rename = (images: Record<string, string>) => Object.fromEntries(Object.entries(images).map(([key, image]) => [key, renamed[image] ?? image]));
  return { ...prepared, images: rename(prepared.images), baseImages: rename(prepared.baseImages) };
}

export interface ContextRequest {
  identity: StackIdentity;
  target: TargetName;
  labels: Record<string, string>;
  images: Pick<PreparedImages, 'images' | 'baseImages'>;
  fault: string | undefined;
  /** Stack config over the project's own (the bench sizes the stack with it). */
  overrides?: Record<string, string | number | boolean>;
}

/** `ctx`: the project's stack config, the planted fault's overrides on top. */
export function programContext(config: ProjectConfig, request: ContextRequest): ProgramContext {
  const faultConfig = request.fault ? (config.faults?.[request.fault]?.config ?? {}) : {};
  return {
    slug: request.identity.slug,
    branch: request.identity.branch,
    runId: request.identity.runId,
    target: request.target,
    labels: request.labels,
    images: request.images.images,
    baseImages: request.images.baseImages,
    fault: request.fault,
    config: { ...config.config, ...request.overrides, ...faultConfig },
  };
}

export type StackSource = { kind: 'inline'; program: PulumiFn } | { kind: 'workDir'; project: WorkDirProject; context: ProgramContext };

export function stackSource(project: LoadedProject, context: ProgramContext): StackSource {
  const target = project.config.targets[context.target];
  if (!target) {
    const declared = Object.keys(project.config.targets).join(', ');
    throw usageError(`${project.file} declares no ${context.target} target`, `use --target ${declared}, or add targets.${context.target} to the config`);
  }
  if (target.program) return { kind: 'inline', program: target.program(context) };
  return { kind: 'workDir', project: readWorkDirProject(join(project.root, target.workDir ?? '.')), context };
}
