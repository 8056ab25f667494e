// A Go wrapper built on this machine is stale once its checked-out source differs from the
// source it was built from; a binary that was never built here (downloaded) never is.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashSourceDir, isBuildStale } from '../../scripts/toolchain/go-build.ts';

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'go-build-stale-'));
  const sourceDir = join(root, 'source');
  const buildRoot = join(root, 'builds');
  mkdirSync(join(sourceDir, 'shim'), { recursive: true });
  writeFileSync(join(sourceDir, 'go.mod'), 'module example\n');
  writeFileSync(join(sourceDir, 'shim', 'shim.go'), 'package shim\n');
  const request = { sourceDir, buildRoot, name: 'docker', version: '5.2.0' };
  const stamp = (hash: string) => {
    mkdirSync(join(buildRoot, 'docker-5.2.0'), { recursive: true });
    writeFileSync(join(buildRoot, 'docker-5.2.0', '.source.sha256'), hash);
  };
  return { sourceDir, request, stamp };
}

describe('isBuildStale', () => {
  it('is false for a binary this machine did not build', () => {
    expect(isBuildStale(fixture().request)).toBe(false);
  });

  it('is false while the source is the one the build was made from', () => {
    const { sourceDir, request, stamp } = fixture();
    stamp(hashSourceDir(sourceDir, '5.2.0'));
    expect(isBuildStale(request)).toBe(false);
  });

  it('is true once a file of the wrapper changed, nested ones included', () => {
    const { sourceDir, request, stamp } = fixture();
    stamp(hashSourceDir(sourceDir, '5.2.0'));
    writeFileSync(join(sourceDir, 'shim', 'shim.go'), 'package shim\n\nfunc NewProvider() {}\n');
    expect(isBuildStale(request)).toBe(true);
  });
});
