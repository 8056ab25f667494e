// After a killed run, the engine may still be carrying out creates it was asked for
// (a container made, then started, then connected to its networks) after the client
// that asked is gone. A sweep by label before that has settled misses what appears
// later, so the sweep waits until the labelled objects stop changing.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';

const listings = [
  ['ps', '--all', '--no-trunc', '--format', '{{.ID}} {{.State}} {{.Networks}}'],
  ['network', 'ls', '--no-trunc', '--format', '{{.ID}}'],
  ['volume', 'ls', '--format', '{{.Name}}'],
];

/** What carries the label now: ids, container states and their networks, as one text. */
async function snapshot(filter: string): Promise<string> {
  const outputs = await Promise.all(listings.map((args) => execa('docker', [...args, '--filter', `label=${filter}`], { reject: false })));
  return outputs.map((output) => output.stdout.split('\n').sort().join('\n')).join('\n--\n');
}

export interface QuietOptions {
  /** How long nothing may change to count as settled. */
  stableMs?: number;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Resolves once the labelled objects stayed the same for `stableMs` (or at the timeout); says whether they settled. */
export async function waitForQuiet(filter: string, options: QuietOptions = {}): Promise<boolean> {
  const { stableMs = 3_000, timeoutMs = 30_000, intervalMs = 500 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = await snapshot(filter);
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(intervalMs);
    const now = await snapshot(filter);
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= stableMs) {
      return true;
    }
  }
  return false;
}
