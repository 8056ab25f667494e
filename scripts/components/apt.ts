// Installs Debian packages as root; `apt-get update` runs once when the lists are empty.
import { readdirSync } from 'node:fs';
import { execa } from 'execa';

function aptListsPresent(): boolean {
  try {
    return readdirSync('/var/lib/apt/lists').some((name) => name.endsWith('_Packages'));
  } catch {
    return false;
  }
}

export async function aptInstall(packages: string[], logFile: string): Promise<void> {
  const options = {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    stdout: { file: logFile, append: true },
    stderr: { file: logFile, append: true },
  } as const;
  if (!aptListsPresent()) await execa('apt-get', ['update'], options);
  await execa('apt-get', ['install', '-y', ...packages], options);
}

export async function commandExists(command: string): Promise<boolean> {
  const result = await execa('sh', ['-c', `command -v ${command}`], { reject: false });
  return result.exitCode === 0;
}
