import { describe, expect, it } from 'vitest';
import { type BaseImageInputs, baseImageSpecs, debianImageTag } from '../../scripts/images/base-image-specs.ts';
import { importArgs, mmdebstrapArgs } from '../../scripts/images/build-debian-image.ts';

const inputs: BaseImageInputs = {
  suite: 'bookworm',
  nodeBinary: '/opt/node/bin/node',
  nodeVersion: 'v24.21.0',
  entrypointsDir: '/repo/scripts/images/files',
};
const [postgres, redis, node] = baseImageSpecs(inputs);

describe('base image specs', () => {
  it('has one image per role, with the official image of the same major', () => {
    expect(baseImageSpecs(inputs).map((spec) => spec.role)).toEqual(['postgres', 'redis', 'node', 'python']);
    expect(node?.official).toBe('node:24-bookworm-slim');
  });

  it('tags a Debian-built image by its content', () => {
    const tag = debianImageTag(redis!, inputs, {});
    expect(tag).toMatch(/^ephemeral-base-redis:[0-9a-f]{16}$/);
    expect(debianImageTag(redis!, inputs, {})).toBe(tag);
    expect(debianImageTag(redis!, { ...inputs, suite: 'trixie' }, {})).not.toBe(tag);
  });

  it('keeps the tag when only the checkout location changes', () => {
    const elsewhere = { ...inputs, nodeBinary: '/other/clone/node', entrypointsDir: '/other/clone/files' };
    const [, , nodeElsewhere] = baseImageSpecs(elsewhere);
    expect(debianImageTag(nodeElsewhere!, elsewhere, { node: 'a' })).toBe(debianImageTag(node!, inputs, { node: 'a' }));
  });

  it('changes the tag when a copied-in file changes', () => {
    expect(debianImageTag(node!, inputs, { node: 'a' })).not.toBe(debianImageTag(node!, inputs, { node: 'b' }));
  });

  it('builds a minimal root filesystem to stdout with the role packages', () => {
    const args = mmdebstrapArgs(postgres!, 'bookworm');
    expect(args).toContain('--variant=minbase');
    expect(args).toContain('--include=postgresql-15');
    expect(args.slice(-2)).toEqual(['bookworm', '-']);
  });

  it('imports with the image config and a base-image label outside the ephemeral.* namespace', () => {
    const args = importArgs(postgres!, 'ephemeral-base-postgres:abc');
    expect(args).toContain('USER postgres');
    expect(args).toContain('LABEL io.ephemeral.base-image=postgres');
    expect(args.filter((arg) => arg.startsWith('LABEL ephemeral.'))).toEqual([]);
  });
});
