// The shortlinks project's stack contract: a URL shortener in Python (service/) on
// PostgreSQL, its Pulumi program a YAML project (infra/), its seed and suite Python
// scripts (checks/) that write JUnit. Nothing here is Node but this file.
//   npm run ephemeral -- run --config examples/shortlinks/ephemeral.config.ts
import { defineConfig } from '../../scripts/contract/define-config.ts';

export default defineConfig({
  name: 'shortlinks',
  // A Pulumi project of its own (runtime yaml): it gets the context as `ephemeral:*`
  // stack config (infra/Pulumi.yaml lists the keys it reads).
  // The same stack on Kubernetes: a namespace per branch (infra-kubernetes/).
  targets: { docker: { workDir: 'infra' }, kubernetes: { workDir: 'infra-kubernetes' } },
  images: {
    // FROM the tool's Python base image (EPHEMERAL_BASE_PYTHON): python3 and psycopg2
    // from Debian, so the build installs nothing.
    shortlinks: { context: 'service', dockerfile: 'service/Dockerfile' },
  },
  entryPoints: {
    shortlinks: { output: 'url', health: '/health' },
  },
  // Python's standard library only: the seed and the suite need no install on the host.
  seed: { command: ['python3', 'checks/seed.py'], timeoutSeconds: 60 },
  suites: [
    {
      name: 'links',
      stage: 0,
      runner: { kind: 'command', argv: ['python3', 'checks/run_suite.py', '--junit', 'shortlinks/junit.xml'], junit: 'shortlinks/junit.xml' },
    },
  ],
  // Read by the program as `ephemeral:databaseHost`.
  config: { databaseHost: 'db' },
  faults: {
    'wrong-database-host': {
      description: 'the service looks for its database under a name nothing answers to: /health never turns 200',
      config: { databaseHost: 'no-such-db' },
    },
  },
});
