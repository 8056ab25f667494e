// The vitest `test` the suites use: each test gets its own x-test-id (recorded in the
// task's meta, where the runner finds it for per-test log slices) and clients for both
// ways into the api; the seeded people are signed in once per file; `access` reaches
// inside the environment's replicas on either target.
import { test as base } from 'vitest';
import { type EnvironmentFixture, environmentFixture, seededUsers } from '../fixture.ts';
import { createHttpClient, type Entry, entryBaseUrl, type HttpClient } from './http-client.ts';
import { type Session, signIn } from './items.ts';
import { type StackAccess, stackAccessFor } from './stack-access.ts';
import { phaseTestId, testIdFor } from './test-id.ts';

declare module 'vitest' {
  interface TaskMeta {
    /** The x-test-id every request of this test carried. */
    testId?: string;
  }
}

export interface Sessions {
  alice: Session;
  bob: Session;
  carol: Session;
}

export type Clients = Record<Entry, HttpClient>;

export function clientsFor(environment: EnvironmentFixture, testId: string): Clients {
  const { webUrl, apiUrl } = environment.outputs;
  return {
    web: createHttpClient({ baseUrl: entryBaseUrl('web', { webUrl, apiUrl }), testId }),
    api: createHttpClient({ baseUrl: entryBaseUrl('api', { webUrl, apiUrl }), testId }),
  };
}

export const test = base
  .extend('environment', { scope: 'worker' }, async () => environmentFixture())
  // Inside the environment's replicas, on the target its outputs describe.
  .extend('access', { scope: 'worker' }, async ({ environment }): Promise<StackAccess> => stackAccessFor(environment.outputs))
  .extend('sessions', { scope: 'file' }, async ({ environment }): Promise<Sessions> => {
    const { api } = clientsFor(environment, phaseTestId('env', 'sign in the seeded users'));
    const [alice, bob, carol] = await Promise.all([
      signIn(api, seededUsers.alice),
      signIn(api, seededUsers.bob),
      signIn(api, seededUsers.carol),
    ]);
    return { alice, bob, carol };
  })
  .extend('testId', async ({ task }) => {
    const testId = testIdFor(task.file.name, [task.fullTestName]);
    task.meta.testId = testId;
    return testId;
  })
  .extend('clients', async ({ environment, testId }) => clientsFor(environment, testId))
  .extend('web', async ({ clients }) => clients.web)
  .extend('api', async ({ clients }) => clients.api);

export { describe, expect } from 'vitest';
