// The tool's own tests: fast unit tests of the pure core, and the real end-to-end
// cycles against the Docker engine and the Pulumi engine (one file at a time).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // GitHub's workflow parser imports its schema JSON without an import attribute,
          // which Node refuses; inlined, Vite loads it.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
    ],
  },
});
