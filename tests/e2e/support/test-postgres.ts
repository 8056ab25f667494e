// A PostgreSQL for a test: a container from the project's postgres base image, published
// on 127.0.0.1 with a port the engine picks, labelled with the test's own label so that
// the test removes it (and nothing else) at the end.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { waitUntilAccepting } from '../../../scripts/bench/bench-postgres.ts';

export const testPostgresLabel = 'ephemeral.test-postgres';

export interface TestPostgres {
  name: string;
  /** The backend URL as it is now (the port may change after a restart). */
  url(): string;
  stop(): Promise<void>;
  /** Starts it again after stop and waits until it accepts connections. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

async function publishedPort(name: string): Promise<string> {
  const { stdout } = await execa('docker', ['port', name, '5432/tcp']);
  const port = /:(\d+)\s*$/m.exec(stdout)?.[1];
  if (!port) throw new Error(`no published port for ${name}: ${stdout}`);
  return port;
}

export async function startTestPostgres(image: string): Promise<TestPostgres> {
  const name = `team-test-pg-${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await execa('docker', [
    'run', '--detach', '--name', name, '--label', `${testPostgresLabel}=${name}`,
    '--env', `POSTGRES_PASSWORD=${password}`, '--env', 'POSTGRES_DB=team',
    '--publish', '127.0.0.1::5432',
    image, 'postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
  ]);
  let port = await publishedPort(name);
  const url = () => `postgres://postgres:${password}@127.0.0.1:${port}/team?sslmode=disable`;
  await waitUntilAccepting(url(), undefined, 30_000);
  return {
    name,
    url,
    stop: async () => void (await execa('docker', ['stop', '--time', '1', name])),
    async start() {
      await execa('docker', ['start', name]);
      port = await publishedPort(name);
      await waitUntilAccepting(url(), undefined, 30_000);
    },
    remove: async () => void (await execa('docker', ['rm', '--force', '--volumes', name], { reject: false })),
  };
}
