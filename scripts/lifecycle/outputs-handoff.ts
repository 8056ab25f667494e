// How the seed and the suites receive the outputs (secrets included): a JSON file only
// this user can read, in a private temp folder removed when the handoff is disposed, and
// EPHEMERAL_OUTPUT_<NAME> variables; never on a command line or in artifacts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outputVariables } from '../suites/suite-process.ts';
import type { EnvironmentOutputs } from '../targets/environment-outputs.ts';

export interface OutputsHandoff extends Disposable {
  outputsFile: string;
  outputEnv: Record<string, string>;
}

export function handOverOutputs(outputs: EnvironmentOutputs): OutputsHandoff {
  const privateDir = mkdtempSync(join(tmpdir(), 'ephemeral-outputs-'));
  const outputsFile = join(privateDir, 'outputs.json');
  writeFileSync(outputsFile, JSON.stringify(outputs), { mode: 0o600 });
  return {
    outputsFile,
    outputEnv: outputVariables(outputs),
    [Symbol.dispose]() {
      rmSync(privateDir, { recursive: true, force: true });
    },
  };
}
