// `npm test`: makes every prerequisite present (the same bootstrap as `run`), then runs
// the tool's own tests, unit and end-to-end, with any extra vitest arguments, and ends
// with one plain `tests: N passed, N failed` line for CI.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { runBootstrap } from './bootstrap/run-bootstrap.ts';
import { dropBlankSettings } from './config/environment.ts';
import { EphemeralError, describeError } from './errors.ts';
import { projectRoot } from './toolchain/pins.ts';
import { createToolchainContext } from './toolchain/toolchain-context.ts';

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
}

async function main(args: string[]): Promise<number> {
  try {
    // Both targets: the e2e tests include the local cluster's.
    await runBootstrap(createToolchainContext(dropBlankSettings(process.env)), (line) => process.stderr.write(`${line}\n`), ['docker', 'kubernetes']);
  } catch (error) {
    process.stderr.write(`ephemeral: ${describeError(error)}\n`);
    return error instanceof EphemeralError ? error.exitCode : 2;
  }
  const reportDir = join(projectRoot, 'test-results');
  mkdirSync(reportDir, { recursive: true });
  const reportFile = join(reportDir, 'vitest.json');
  const vitest = await execa(
    'vitest',
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...args],
    { stdio: 'inherit', reject: false },
  );
  try {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as VitestJsonReport;
    const skipped = report.numPendingTests ? `, ${report.numPendingTests} skipped` : '';
    process.stdout.write(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped}\n`);
  } catch {
    process.stdout.write('tests: no report was written\n');
  }
  return vitest.exitCode ?? 1;
}

process.exitCode = await main(process.argv.slice(2));
