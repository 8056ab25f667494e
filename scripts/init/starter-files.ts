// What `ephemeral init` writes into a repository: a starting ephemeral.config.ts, a tiny
// inline program (one web container from the Node base image, health-checked, published on
// 127.0.0.1), a vitest env suite against its entry point, and a CI workflow. Pure: the
// command decides what to write; a team replaces the program with its own stack.

export interface StarterFile {
  path: string;
  content: string;
}

export interface StarterOptions {
  /** The project's name (default: the repository folder's name). */
  name: string;
  /** How the repository imports the tool, e.g. `ephemeral` (a dev dependency). */
  toolPackage: string;
}

const program = (options: StarterOptions) => `// The stack of one branch, as ephemeral deploys it: replace this with your own services.
// Put ctx.labels on every container, network and volume; prefix names with ctx.slug.
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import type { ProgramContext } from '${options.toolPackage}/scripts/contract/define-config.ts';

const server = "require('node:http').createServer((request, response) => response.end('ok')).listen(8080)";

export function starterProgram(ctx: ProgramContext) {
  const labels = Object.entries(ctx.labels).map(([label, value]) => ({ label, value }));
  return async () => {
    const web = new docker.Container(\`\${ctx.slug}-web\`, {
      name: \`\${ctx.slug}-web\`,
      image: ctx.baseImages['node'] ?? 'node:24-slim',
      command: ['node', '-e', server],
      labels,
      ports: [{ internal: 8080, ip: '127.0.0.1' }],
      healthcheck: { tests: ['CMD', 'node', '-e', "fetch('http://127.0.0.1:8080').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"], interval: '1s', timeout: '3s', retries: 30 },
    });
    const url = web.ports.apply((ports) => \`http://127.0.0.1:\${ports?.[0]?.external ?? 0}\`);
    return { url, greeting: pulumi.secret('replace me') };
  };
}
`;

const config = (options: StarterOptions) => `// ephemeral's view of this repository: the stack, its entry points and the suites that
// prove a branch's copy works (README of ephemeral, "Your own stack", lists every field).
import { defineConfig } from '${options.toolPackage}/scripts/contract/define-config.ts';
import { starterProgram } from './infra/ephemeral/program.ts';

export default defineConfig({
  name: '${options.name}',
  targets: { docker: { program: starterProgram } },
  entryPoints: { web: { output: 'url', health: '/' } },
  suites: [{ name: 'smoke', stage: 0, runner: { kind: 'vitest', config: 'tests/env/vitest.config.ts', project: 'smoke' } }],
});
`;

const vitestConfig = `// The suites that run against a branch's environment (not this repository's unit tests).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { projects: [{ test: { name: 'smoke', include: ['tests/env/smoke.test.ts'], retry: 0 } }] },
});
`;

const smokeTest = `// The entry point answers. ephemeral passes each output as EPHEMERAL_OUTPUT_<NAME>, and all
// of them as the JSON file EPHEMERAL_OUTPUTS.
import { expect, it } from 'vitest';

it('serves the entry point', async () => {
  const url = process.env['EPHEMERAL_OUTPUT_URL'];
  expect(url, 'run through \`npx ephemeral run\`').toBeTruthy();
  const response = await fetch(url as string);
  expect(response.status).toBe(200);
});
`;

/** The workflow step that posts the run's comment, or updates the one already there (found by its marker). */
function pullRequestCommentStep(extraArgs: string): string {
  return `      - name: Comment on the pull request
        if: always() && github.event.pull_request.head.repo.full_name == github.repository
        uses: actions/github-script@v7
        with:
          script: |
            const { stdout } = await exec.getExecOutput('npx', ['ephemeral', 'report', '--format', 'github-comment', '--json'${extraArgs}]);
            const { body } = JSON.parse(stdout);
            const marker = body.split('\\n')[0];
            const { owner, repo } = context.repo;
            const issue_number = context.payload.pull_request.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
            const mine = comments.find((comment) => (comment.body ?? '').startsWith(marker));
            if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });
`;
}

const workflow = `# A preview environment per pull request, by ephemeral: every push runs the cycle and
# keeps the environment for 48 hours; closing the pull request destroys it; a nightly gc
# removes what expired. One comment per pull request (outcome, failing tests, preview URLs,
# the run's artifacts), updated in place. Needs a self-hosted Linux runner with a Docker engine.
name: preview environment

on:
  pull_request:
    types: [opened, synchronize, reopened, closed]
  schedule:
    - cron: "17 3 * * *"

permissions:
  contents: read
  pull-requests: write

# Team mode (optional): runners share one PostgreSQL for the state, the branch locks and
# the environment records. Set the secrets EPHEMERAL_BACKEND_URL
# (postgres://USER:PASSWORD@HOST:5432/DB?sslmode=disable) and EPHEMERAL_CONFIG_PASSPHRASE;
# unset, each runner keeps its own state.
env:
  PULUMI_BACKEND_URL: \${{ secrets.EPHEMERAL_BACKEND_URL }}
  PULUMI_CONFIG_PASSPHRASE: \${{ secrets.EPHEMERAL_CONFIG_PASSPHRASE }}

jobs:
  preview:
    if: github.event_name == 'pull_request' && github.event.action != 'closed'
    runs-on: [self-hosted, linux, docker]
    concurrency:
      group: ephemeral-\${{ github.head_ref }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx ephemeral run --keep --ttl 48h --concurrency replace
      - if: always()
        uses: actions/upload-artifact@v4
        with:
          name: ephemeral-\${{ github.run_id }}
          path: artifacts/
${pullRequestCommentStep('')}
  destroy:
    if: github.event_name == 'pull_request' && github.event.action == 'closed'
    runs-on: [self-hosted, linux, docker]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx ephemeral down --branch "\${{ github.head_ref }}"
${pullRequestCommentStep(", '--destroyed'")}
  gc:
    if: github.event_name == 'schedule'
    runs-on: [self-hosted, linux, docker]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npx ephemeral gc
`;

export function starterFiles(options: StarterOptions): StarterFile[] {
  return [
    { path: 'ephemeral.config.ts', content: config(options) },
    { path: 'infra/ephemeral/program.ts', content: program(options) },
    { path: 'tests/env/vitest.config.ts', content: vitestConfig },
    { path: 'tests/env/smoke.test.ts', content: smokeTest },
    { path: '.github/workflows/ephemeral.yml', content: workflow },
  ];
}
