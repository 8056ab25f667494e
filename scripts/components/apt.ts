// Installs Debian packages as root. The package lists are refreshed first (once per
// process): a stale list names versions the mirror no longer has. This runs only on
// the cold path, when something is missing.
import { execa } from 'execa';

let listsRefreshed = false;

export async function aptInstall(packages: string[], logFile: string): Promise<void> {
  const options = {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    stdout: { file: logFile, append: true },
    stderr: { file: logFile, append: true },
  } as const;
  if (!listsRefreshed) {
    await execa('apt-get', ['update'], options);
    listsRefreshed = true;
  }
  await execa('apt-get', ['install', '-y', ...packages], options);
}

export async function commandExists(command: string): Promise<boolean> {
  const result = await execa('sh', ['-c', `command -v ${command}`], { reject: false });
  return result.exitCode === 0;
}
