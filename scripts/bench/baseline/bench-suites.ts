// The suites against a baseline's stack, exactly as the driver's runSuites runs them (the
// same runners, an outputs file of the same shape, mode 0600, in a private folder removed
// afterwards), plus the load phase's duration when the bench sets one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhaseClock } from '../../lifecycle/phase-clock.ts';
import { type SuiteName, type SuiteResult, suiteRunners } from '../../suites/suite-runner.ts';
import type { EnvironmentOutputs } from '../../targets/environment-outputs.ts';

export interface BenchSuitesRequest {
  suites: SuiteName[];
  outputs: EnvironmentOutputs;
  artifactsDir: string;
  loadSeconds: number | undefined;
  signal: AbortSignal;
  progress: (line: string) => void;
  clock: PhaseClock;
}

export async function runBenchSuites(request: BenchSuitesRequest): Promise<SuiteResult[]> {
  const privateDir = mkdtempSync(join(tmpdir(), 'ephemeral-bench-outputs-'));
  const outputsFile = join(privateDir, 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(request.outputs), { mode: 0o600 });
  const results: SuiteResult[] = [];
  try {
    const options = request.loadSeconds === undefined ? {} : { loadSeconds: request.loadSeconds };
    for (const runner of suiteRunners(request.suites, options)) {
      request.signal.throwIfAborted();
      const context = { outputsFile, artifactsDir: request.artifactsDir, signal: request.signal, progress: request.progress };
      results.push(await request.clock.time(`suite ${runner.name}`, () => runner.run(context), (counts) => counts.failed === 0));
    }
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
  return results;
}
