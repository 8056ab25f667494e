// "Why not ready" against a real unhealthy container: it names the container, its last
// health check output and the tail of its log.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { readBaseImageRefs } from '../../scripts/components/base-images.ts';
import { removeLabelledObjects } from '../../scripts/docker/remove-labelled-objects.ts';
import { formatWhyNotReady, whyNotReady } from '../../scripts/readiness/why-not-ready.ts';
import { createToolchainContext } from '../../scripts/toolchain/toolchain-context.ts';

const slug = `wnr-${randomBytes(3).toString('hex')}`;

afterAll(async () => {
  await removeLabelledObjects(`ephemeral.stack=${slug}`);
});

it('reports an unhealthy service with its health output and log tail', async () => {
  const image = readBaseImageRefs(createToolchainContext(process.env)).redis;
  await execa('docker', [
    'run', '--detach', '--name', `${slug}-api`, '--label', `ephemeral.stack=${slug}`, '--network', 'none',
    '--health-cmd', 'echo cannot reach the database; exit 1', '--health-interval', '500ms', '--health-retries', '1',
    image, 'sh', '-c', 'echo booting the api; sleep 60',
  ]);
  await sleep(2500);
  const report = await whyNotReady(slug);
  expect(report.map((service) => service.container)).toEqual([`${slug}-api`]);
  expect(report[0]?.status).toContain('unhealthy');
  expect(report[0]?.lastHealthOutput).toContain('cannot reach the database');
  expect(report[0]?.logTail).toContain('booting the api');
  expect(formatWhyNotReady(report)).toMatch(/restarts 0/);
});
