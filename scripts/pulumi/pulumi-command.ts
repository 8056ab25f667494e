// The CLI at `<root>/bin/pulumi` as the Automation API drives it. `PulumiCommand.get`
// starts the CLI to ask its version (a quarter of a second, before anything else can
// start): asked once per process and binary, the bootstrap's check and every workspace
// share the answer. A binary replaced since (an install) is asked again.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PulumiCommand } from '@pulumi/pulumi/automation/index.js';

const commands = new Map<string, Promise<PulumiCommand>>();

export async function pulumiCommandAt(root: string): Promise<PulumiCommand> {
  const binary = join(root, 'bin', 'pulumi');
  const { mtimeMs, size, ino } = statSync(binary);
  const key = `${binary}:${ino}:${size}:${mtimeMs}`;
  let command = commands.get(key);
  if (!command) {
    // Which version is wanted is the bootstrap's to judge; any it can parse is taken here.
    command = PulumiCommand.get({ root, skipVersionCheck: true });
    commands.set(key, command);
    command.catch(() => commands.delete(key));
  }
  return command;
}
