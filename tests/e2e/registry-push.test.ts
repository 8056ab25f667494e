// --registry for real: a registry of Debian's docker-registry on 127.0.0.1 (a port of
// its own, storage in a temporary folder), and the kubernetes target's image delivery
// for a cluster the user names pushing an image there; the registry's own API then lists
// the tag, and the program would get the pushed name. The registry ends with the test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveClusterPaths } from '../../scripts/cluster/cluster-paths.ts';
import { kubernetesRuntime } from '../../scripts/kubernetes/kubernetes-runtime.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const toolchain = createToolchainContext(process.env);
const image = `ephemeral-e2e-push:${process.pid}`;
const storage = mkdtempSync(join(tmpdir(), 'ephemeral-registry-'));
let registry: ReturnType<typeof execa> | undefined;
let address = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('images pushed to the registry of a named cluster', () => {
  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    const config = join(storage, 'config.yml');
    writeFileSync(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${join(storage, 'data')}\nhttp:\n  addr: ${address}\n`);
    registry = execa('docker-registry', ['serve', config], { reject: false, all: true });
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await fetch(`http://${address}/v2/`).catch(() => undefined))?.ok) break;
      await sleep(100);
    }
    // A small image of its own, so the push is quick and nothing of other tests is touched.
    await execa('docker', ['tag', toolchain.pins.kubernetes.busyboxImage, image]);
  });

  afterAll(async () => {
    if (registry?.pid) process.kill(registry.pid, 'SIGTERM');
    await registry;
    await execa('docker', ['rmi', image, `${address}/${image}`], { reject: false });
    rmSync(storage, { recursive: true, force: true });
  });

  it('tags and pushes each image under the registry and returns the names the program gets', async () => {
    const paths = resolveClusterPaths(toolchain.paths, toolchain.pins.kubernetes);
    const runtime = kubernetesRuntime(toolchain, { kind: 'given', selection: { kubeconfig: paths.kubeconfig, context: undefined } }, address);
    const lines: string[] = [];
    const renamed = await runtime.deliverImages([image], (line) => lines.push(line));
    expect(renamed).toEqual({ [image]: `${address}/${image}` });
    const [name, tag] = image.split(':');
    const tags = (await (await fetch(`http://${address}/v2/${name}/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toContain(tag);
    expect(lines.join('\n')).toContain(`pushed to ${address}`);
  });

  it('fails with the registry\'s answer when the push is refused', async () => {
    const runtime = kubernetesRuntime(toolchain, { kind: 'given', selection: { kubeconfig: '/nonexistent', context: undefined } }, `127.0.0.1:${await freePort()}`);
    await expect(runtime.deliverImages([image], () => undefined)).rejects.toThrow(/docker push 127\.0\.0\.1:\d+\/ephemeral-e2e-push:\d+ failed/);
  });
});
