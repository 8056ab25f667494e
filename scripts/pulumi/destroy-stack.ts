// `pulumi destroy --remove` in one CLI process. Stack.destroy({ remove: true }) takes
// three (the destroy, a history read for its summary, then `stack rm`), each starting the
// CLI and deriving the passphrase key again; teardown needs none of the summary.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation/index.js';
import { execa } from 'execa';

export interface DestroyLogs {
  onOutput?: (text: string) => void;
  /** Each engine event, read back from the event log the CLI wrote. */
  onEvent?: (event: EngineEvent) => void;
}

export async function destroyAndRemoveStack(stack: Stack, logs: DestroyLogs = {}): Promise<void> {
  const { workspace } = stack;
  const eventsDir = mkdtempSync(join(tmpdir(), 'ephemeral-destroy-'));
  const eventLog = join(eventsDir, 'events.jsonl');
  const args = ['destroy', '--yes', '--skip-preview', '--remove', '--non-interactive', '--color', 'never', '--event-log', eventLog, '--stack', stack.name];
  // The workspace's own CLI, folder and environment, as the Automation API runs them.
  // PULUMI_DEBUG_COMMANDS shows --event-log, which the CLI hides otherwise.
  const env = { PULUMI_DEBUG_COMMANDS: 'true', ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}), ...workspace.envVars };
  try {
    const cli = execa(workspace.pulumiCommand.command, args, { cwd: workspace.workDir, env, all: true });
    cli.all.on('data', (chunk: Buffer) => logs.onOutput?.(chunk.toString()));
    await cli.catch((error: unknown) => {
      throw new Error(`pulumi destroy failed: ${(error as { all?: string }).all?.trim() ?? String(error)}`, { cause: error });
    });
  } finally {
    if (logs.onEvent) {
      const lines = readFileSync(eventLog, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
      for (const line of lines) logs.onEvent(JSON.parse(line) as EngineEvent);
    }
    rmSync(eventsDir, { recursive: true, force: true });
  }
}
