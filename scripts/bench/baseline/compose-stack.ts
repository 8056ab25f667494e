// Baseline (c): the same stack with Debian's docker-compose 1.29 (no `up --wait`):
// `up -d` starts services in dependency order, waiting on health and on migrate's exit
// itself; then the same 100 ms polling until every container is ready; `down -v` removes
// containers, networks and the volume. The Compose file lives in a private temp folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { BaselineContext, BaselineStack } from './baseline-stack.ts';
import { renderComposeFile } from './compose-file.ts';
import { readyTimeoutMs } from './docker-cli-stack.ts';
import { HealthWatcher } from '../../readiness/health-watcher.ts';
import type { StackPlan } from './stack-plan.ts';

/** The docker-compose version, or undefined where it is not installed. */
export async function composeVersion(): Promise<string | undefined> {
  const result = await execa('docker-compose', ['version', '--short'], { reject: false });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

export function composeStack(): BaselineStack {
  const dirs = new Map<string, string>();
  const compose = (plan: StackPlan, context: BaselineContext, args: string[], signal: AbortSignal) => {
    const dir = dirs.get(plan.slug);
    if (!dir) throw new Error(`no Compose file for ${plan.slug}`);
    return execa('docker-compose', ['--project-name', plan.slug, '--file', join(dir, 'docker-compose.yml'), ...args], {
      env: { ...process.env, ...context.secretEnv },
      cancelSignal: signal,
      stdout: { file: context.logFile, append: true },
      stderr: { file: context.logFile, append: true },
    });
  };
  return {
    variant: 'compose',
    async provision(plan: StackPlan, context: BaselineContext) {
      const dir = mkdtempSync(join(tmpdir(), 'ephemeral-bench-compose-'));
      dirs.set(plan.slug, dir);
      writeFileSync(join(dir, 'docker-compose.yml'), renderComposeFile(plan), { mode: 0o600 });
      for (const spec of plan.services) context.record(spec.name, 'container', 'requested');
      await compose(plan, context, ['up', '--detach', '--no-build', '--no-color'], context.signal);
      const watcher = new HealthWatcher({ intervalMs: 100, timeoutMs: readyTimeoutMs, signal: context.signal });
      await Promise.all(
        plan.services.map(async (spec) => {
          await watcher.waitFor(spec.name, spec.oneShot);
          context.record(spec.name, 'container', 'done');
        }),
      );
    },
    async teardown(plan: StackPlan, context: BaselineContext) {
      try {
        await compose(plan, context, ['down', '--volumes', '--remove-orphans', '--timeout', '0'], new AbortController().signal);
      } finally {
        const dir = dirs.get(plan.slug);
        if (dir) rmSync(dir, { recursive: true, force: true });
        dirs.delete(plan.slug);
      }
    },
  };
}
