// The PostgreSQL, Redis, Node and Python base images: official ones where a registry answers
// (or EPHEMERAL_IMAGE_SOURCE=registry), else built from Debian packages once per
// content. The resolved references are written to <cache>/base-images.json for stacks.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { type BaseImageInputs, type BaseImageRole, type BaseImageSpec, baseImageSpecs, debianImageTag } from '../images/base-image-specs.ts';
import { engineRequest } from '../docker/engine-api.ts';
import { buildDebianImage } from '../images/build-debian-image.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { aptInstall, commandExists } from './apt.ts';
import { type Component, type ComponentStatus, type ToolchainContext, bootstrapFix } from './component.ts';

export type ImageSource = 'auto' | 'debian' | 'registry';
export type BaseImageRefs = Record<BaseImageRole, string>;

const refsSchema = z.object({ postgres: z.string(), redis: z.string(), node: z.string(), python: z.string() });

function imageInputs(ctx: ToolchainContext): BaseImageInputs {
  return {
    suite: ctx.pins.debianSuite,
    nodeBinary: process.execPath,
    nodeVersion: process.version,
    entrypointsDir: join(projectRoot, 'scripts/images/files'),
  };
}

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function debianTag(spec: BaseImageSpec, inputs: BaseImageInputs): string {
  const fileHashes: Record<string, string> = Object.fromEntries(
    spec.debian.copyIn.map(([source]): [string, string] => [source.split('/').pop() ?? source, hashFile(source)]),
  );
  return debianImageTag(spec, inputs, fileHashes);
}

async function imageExists(ref: string): Promise<boolean> {
  const answer = await engineRequest('GET', `/images/${encodeURIComponent(ref)}/json`).catch(() => undefined);
  return answer?.status === 200;
}

function imageSource(ctx: ToolchainContext): ImageSource {
  const value = ctx.env['EPHEMERAL_IMAGE_SOURCE'] ?? 'auto';
  if (value === 'auto' || value === 'debian' || value === 'registry') return value;
  throw new Error(`EPHEMERAL_IMAGE_SOURCE=${value}: use auto, debian or registry`);
}

/** The image already present for a role, Debian-built first, or undefined. */
async function presentImage(spec: BaseImageSpec, ctx: ToolchainContext): Promise<string | undefined> {
  const source = imageSource(ctx);
  const debian = debianTag(spec, imageInputs(ctx));
  if (source !== 'registry' && (await imageExists(debian))) return debian;
  if (source !== 'debian' && spec.official && (await imageExists(spec.official))) return spec.official;
  return undefined;
}

export function refsFile(ctx: Pick<ToolchainContext, 'paths'>): string {
  return join(ctx.paths.root, 'base-images.json');
}

export function readBaseImageRefs(ctx: Pick<ToolchainContext, 'paths'>): BaseImageRefs {
  return refsSchema.parse(JSON.parse(readFileSync(refsFile(ctx), 'utf8')));
}

export const baseImages: Component = {
  name: 'base images',
  after: ['docker engine'],

  async inspect(ctx): Promise<ComponentStatus> {
    const found: string[] = [];
    const missing: string[] = [];
    for (const spec of baseImageSpecs(imageInputs(ctx))) {
      const ref = await presentImage(spec, ctx);
      if (ref) found.push(ref);
      else missing.push(spec.role);
    }
    if (missing.length > 0) return { ok: false, detail: `missing: ${missing.join(', ')}`, fix: bootstrapFix };
    // Stacks read the references from the refs file: it must name exactly these images.
    const recorded = (() => {
      try {
        return Object.values(readBaseImageRefs(ctx));
      } catch {
        return [];
      }
    })();
    if (recorded.join() !== found.join()) return { ok: false, detail: `${refsFile(ctx)} is stale`, fix: bootstrapFix };
    return { ok: true, detail: found.join(', ') };
  },

  async install(ctx): Promise<ComponentStatus> {
    const source = imageSource(ctx);
    const refs: Partial<BaseImageRefs> = {};
    const built: string[] = [];
    for (const spec of baseImageSpecs(imageInputs(ctx))) {
      let ref = await presentImage(spec, ctx);
      if (!ref && source !== 'debian' && spec.official) {
        const pulled = await execa('docker', ['pull', spec.official], { reject: false, timeout: 60_000 });
        if (pulled.exitCode === 0) ref = spec.official;
        else if (source === 'registry') throw new Error(`docker pull ${spec.official} failed: ${pulled.stderr}`);
      }
      if (!ref) {
        if (!(await commandExists('mmdebstrap'))) await aptInstall(['mmdebstrap'], join(ctx.logDir, 'apt.log'));
        ref = debianTag(spec, imageInputs(ctx));
        await buildDebianImage(spec, ctx.pins.debianSuite, ref, join(ctx.logDir, `image-${spec.role}.log`));
        built.push(spec.role);
      }
      refs[spec.role] = ref;
    }
    const resolved = refsSchema.parse(refs);
    writeFileSync(refsFile(ctx), `${JSON.stringify(resolved, null, 2)}\n`);
    const detail = Object.values(resolved).join(', ');
    return { ok: true, detail: built.length ? `${detail} (built ${built.join(', ')} from Debian packages)` : detail };
  },
};
