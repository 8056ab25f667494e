// The suites that run against a live environment, one vitest project per concern, so the
// driver can run and report each on its own (`--project api`). Never retried: a failing
// test is a failing suite. Tags name the service a test holds to account; the runner
// turns the tags of failing tests into the summary's "service at fault".
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const suites = ['api', 'data', 'queue', 'auth'] as const;

export default defineConfig({
  test: {
    root,
    tags: [
      { name: 'api', description: 'the api service answers wrongly' },
      { name: 'worker', description: 'the worker did not do its job' },
      { name: 'web', description: 'the web entry point or its proxy' },
      { name: 'db', description: 'data was lost or not kept' },
    ],
    projects: suites.map((suite) => ({
      extends: true,
      test: {
        name: suite,
        include: [`tests/env/${suite}.test.ts`],
        environment: 'node',
        // A healthy environment answers in milliseconds; the worker bound is inside the tests.
        testTimeout: 20_000,
        hookTimeout: 20_000,
        retry: 0,
      },
    })),
  },
});
