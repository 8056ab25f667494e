// The reference Docker program as the stack contract calls it: `(ctx) => async () => outputs`.
// Images and base images come from the tool, sizes and the planted fault from stack config.
import type { ProgramContext } from '../../scripts/contract/define-config.ts';
import { referenceStackInputs } from '../reference-stack-inputs.ts';
import { dockerStackProgram } from './program.ts';
import { ephemeralStackConfig } from './stack-config.ts';

export function referenceDockerProgram(context: ProgramContext) {
  return dockerStackProgram(ephemeralStackConfig(referenceStackInputs(context)));
}
