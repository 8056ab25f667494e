// What the e2e tests read of runs made through the CLI: the newest summary of a branch
// under an artifacts root, and the moment a child's progress (stderr) shows a line.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultPromise } from 'execa';
import type { RunSummary } from '../../../scripts/artifacts/run-summary.ts';
import { branchSlug } from '../../../scripts/naming/slug.ts';

export function lastSummary(artifactsRoot: string, branch: string): RunSummary {
  const dir = join(artifactsRoot, branchSlug(branch));
  const runs = readdirSync(dir).sort();
  return JSON.parse(readFileSync(join(dir, runs[runs.length - 1]!, 'summary.json'), 'utf8')) as RunSummary;
}

/** Resolves once the child's stderr shows `text`; rejects when it exits first, or after `timeoutMs`. */
export async function waitForOutput(child: ResultPromise, text: string | RegExp, timeoutMs = 300_000): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${String(text)}" within ${timeoutMs / 1000} s:\n${seen.slice(-3000)}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited before printing ${String(text)}:\n${seen.slice(-3000)}`));
    });
  });
}
