// The second example through the tool's own command line, with no change to the tool:
// `run --config examples/shortlinks/ephemeral.config.ts` builds the Python image, runs
// the workDir YAML project, waits for the entry point, seeds, runs the JUnit suite,
// collects, destroys. Its fault must fail provisioning with exit 2. The same on the
// kubernetes target (its infra-kubernetes/ YAML project, on the local cluster).
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys } from '../../scripts/naming/labels.ts';
import { branchSlug } from '../../scripts/naming/slug.ts';
import { projectRoot } from '../../scripts/toolchain/pins.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const config = join(projectRoot, 'examples/shortlinks/ephemeral.config.ts');
const artifactsRoot = join(createToolchainContext(process.env).paths.root, 'test-artifacts');

interface SummaryFile {
  outcome: string;
  exitCode: number;
  suites: Array<{ suite: string; passed: number; failed: number }>;
  errors: string[];
  artifactsDir: string;
}

function run(branch: string, extra: string[] = []) {
  return execa(process.execPath, ['scripts/cli/main.ts', 'run', '--config', config, '--branch', branch, '--artifacts', artifactsRoot, ...extra], {
    cwd: projectRoot,
    reject: false,
    all: true,
  });
}

function lastSummary(branch: string): SummaryFile {
  const dir = join(artifactsRoot, branchSlug(branch));
  const runs = readdirSync(dir).sort();
  return JSON.parse(readFileSync(join(dir, runs[runs.length - 1] ?? '', 'summary.json'), 'utf8')) as SummaryFile;
}

describe('examples/shortlinks through `ephemeral run --config`', () => {
  it('runs the full cycle: seed and the JUnit suite pass, nothing is left', async () => {
    const branch = `e2e/shortlinks-${randomBytes(3).toString('hex')}`;
    const result = await run(branch);
    expect(result.exitCode, result.all).toBe(0);
    const summary = lastSummary(branch);
    expect(summary.outcome).toBe('passed');
    expect(summary.suites).toEqual([expect.objectContaining({ suite: 'links', passed: 8, failed: 0 })]);
    expect(readFileSync(join(summary.artifactsDir, 'shortlinks/junit.xml'), 'utf8')).toContain('failures="0"');
    expect(await listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`)).toEqual([]);
  });

  it('fails provisioning with exit 2 when its fault points the service at a database that does not exist', async () => {
    const branch = `e2e/shortlinks-fault-${randomBytes(3).toString('hex')}`;
    const result = await run(branch, ['--fault', 'wrong-database-host']);
    expect(result.exitCode, result.all).toBe(2);
    expect(result.all).toContain('could not translate host name "no-such-db"');
    expect(lastSummary(branch).outcome).toBe('provision-failed');
    expect(await listLabelledObjects(`${labelKeys.stack}=${branchSlug(branch)}`)).toEqual([]);
  });

  it('runs the same cycle on the kubernetes target, and its fault fails there with exit 2 too, leaving no namespace', async () => {
    const { connectToCluster } = await import('../../scripts/kubernetes/cluster-access.ts');
    const { listLabelledNamespaces } = await import('../../scripts/kubernetes/labelled-namespaces.ts');
    const { resolveClusterPaths } = await import('../../scripts/cluster/cluster-paths.ts');
    const toolchain = createToolchainContext(process.env);
    const clients = await connectToCluster({ kubeconfig: resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes).kubeconfig, context: undefined });
    const branch = `e2e/shortlinks-k8s-${randomBytes(3).toString('hex')}`;
    const [passing, faulty] = [await run(branch, ['--target', 'kubernetes']), await run(`${branch}-fault`, ['--target', 'kubernetes', '--fault', 'wrong-database-host'])];
    expect(passing.exitCode, passing.all).toBe(0);
    expect(lastSummary(branch).suites).toEqual([expect.objectContaining({ suite: 'links', passed: 8, failed: 0 })]);
    expect(faulty.exitCode, faulty.all).toBe(2);
    expect(faulty.all).toContain('could not translate host name "no-such-db"');
    for (const name of [branch, `${branch}-fault`]) expect(await listLabelledNamespaces(clients, branchSlug(name))).toEqual([]);
  });
});
