// After an update the Automation API's `up()` reads the outputs with two CLI processes
// (masked, then in plain) and its summary from the history with a third; each starts the
// CLI and derives the passphrase key again, about half a second of CPU apiece, beside the
// services starting up. The driver needs neither the summary nor two reads: the stack's
// `outputs()` becomes one export of its state, which the run keeps as evidence anyway,
// and the summary is skipped.
import type { Deployment, Stack } from '@pulumi/pulumi/automation/index.js';
import { outputsOfDeployment } from './deployment-outputs.ts';

export interface StateExports {
  /** The export the last `outputs()` read (after an update), or a new one. */
  latest(): Promise<Deployment>;
}

export function readOutputsThroughExport(stack: Stack): StateExports {
  let latest: Promise<Deployment> | undefined;
  stack.outputs = async () => {
    latest = stack.exportStack();
    return outputsOfDeployment((await latest).deployment);
  };
  stack.info = () => Promise.resolve(undefined);
  return { latest: () => latest ?? stack.exportStack() };
}
