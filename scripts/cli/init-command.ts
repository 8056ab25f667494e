// `init`: writes the starter files into the current repository, refusing to overwrite any
// (exit 64, naming them); `--dry-run` only lists what it would write.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ExitCode, usageError } from '../errors.ts';
import { starterFiles } from '../init/starter-files.ts';
import type { CommandResult } from './command-result.ts';

export async function initCommand(cwd: string, options: { dryRun: boolean; name?: string }): Promise<CommandResult> {
  const files = starterFiles({ name: options.name ?? basename(cwd), toolPackage: 'ephemeral' });
  const existing = files.filter((file) => existsSync(join(cwd, file.path))).map((file) => file.path);
  if (existing.length > 0) throw usageError(`init would overwrite ${existing.join(', ')}`, 'move those files away, or edit them by hand (README, "Your own stack")');
  if (!options.dryRun) {
    for (const file of files) {
      mkdirSync(dirname(join(cwd, file.path)), { recursive: true });
      writeFileSync(join(cwd, file.path), file.content, { flag: 'wx' });
    }
  }
  const verb = options.dryRun ? 'would write' : 'wrote';
  return {
    exitCode: ExitCode.ok,
    lines: [...files.map((file) => `${verb} ${file.path}`), ...(options.dryRun ? [] : ['next: npm install --save-dev <ephemeral from a git URL or a path>, then npx ephemeral run'])],
    json: { dryRun: options.dryRun, files: files.map((file) => file.path) },
  };
}
