// The runners' view of the outputs file: only what they need (container names), parsed
// with the one schema the suites' fixture uses too.
import { readFileSync } from 'node:fs';
import { environmentOutputsSchema, type EnvironmentOutputs } from '../targets/environment-outputs.ts';

export function readOutputsFile(outputsFile: string): EnvironmentOutputs {
  return environmentOutputsSchema.parse(JSON.parse(readFileSync(outputsFile, 'utf8')));
}
