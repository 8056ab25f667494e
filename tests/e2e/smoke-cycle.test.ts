// The real smoke cycle: the pinned Pulumi engine, the built docker and random plugins,
// the Docker engine and a local base image. Up, check, destroy, remove, check that
// nothing labelled is left. No mocks on this path.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { smokeProgram } from '../../infra/smoke/program.ts';
import { readBaseImageRefs } from '../../scripts/components/base-images.ts';
import { listLabelledObjects } from '../../scripts/docker/labelled-objects.ts';
import { labelKeys, stackLabels } from '../../scripts/naming/labels.ts';
import { openStack } from '../../scripts/pulumi/open-stack.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);
const slug = `smoke-${randomBytes(3).toString('hex')}`;
const labels = stackLabels({ slug, branch: `test/${slug}`, runId: randomBytes(4).toString('hex'), expiresAt: undefined }, toolchain.backendUrl);
const stackFilter = `${labelKeys.stack}=${slug}`;

async function inspectContainer(name: string) {
  const { stdout } = await execa('docker', ['container', 'inspect', name]);
  const [container] = JSON.parse(stdout) as Array<{
    State: { Running: boolean; Health?: { Status: string } };
    Config: { Labels: Record<string, string> };
  }>;
  if (!container) throw new Error(`container ${name} not found`);
  return container;
}

describe('smoke cycle', () => {
  const program = smokeProgram({ slug, labels, redisImage: readBaseImageRefs(toolchain).redis });
  const stackPromise = openStack({ toolchain, stackName: slug, program });

  afterAll(async () => {
    // A failed assertion must not leak: destroy and remove whatever is still there.
    const stack = await stackPromise;
    await stack.destroy({ continueOnError: true }).catch(() => {});
    await stack.workspace.removeStack(slug, { force: true }).catch(() => {});
  });

  it('creates a running, healthy, labelled container on a labelled network', async () => {
    const stack = await stackPromise;
    const result = await stack.up();
    expect(result.summary.result).toBe('succeeded');

    const containerName = result.outputs['containerName']?.value as string;
    const container = await inspectContainer(containerName);
    expect(container.State.Running).toBe(true);
    expect(container.State.Health?.Status).toBe('healthy');
    expect(container.Config.Labels).toMatchObject(labels);

    const objects = await listLabelledObjects(stackFilter);
    expect(objects.map((object) => object.kind).sort()).toEqual(['container', 'network']);
    expect(objects.find((object) => object.kind === 'network')?.labels).toMatchObject(labels);
  });

  it('keeps the generated password a secret', async () => {
    const stack = await stackPromise;
    const outputs = await stack.outputs();
    expect(outputs['redisPassword']?.secret).toBe(true);
    expect(String(outputs['redisPassword']?.value)).toHaveLength(24);
  });

  it('destroys the stack, removes it, and leaves nothing labelled behind', async () => {
    const stack = await stackPromise;
    const destroyed = await stack.destroy();
    expect(destroyed.summary.result).toBe('succeeded');
    await stack.workspace.removeStack(slug);
    const stacks = await stack.workspace.listStacks();
    expect(stacks.map((summary) => summary.name)).not.toContain(slug);
    expect(await listLabelledObjects(stackFilter)).toEqual([]);
  });
});
