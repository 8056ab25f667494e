// Installs Debian packages as root, one install at a time. The package lists are
// refreshed first (once per process): a stale list names versions the mirror no longer
// has. This runs only on the cold path, when something is missing.
import { execa } from 'execa';

let listsRefreshed = false;
// dpkg takes one install at a time: components that install beside each other queue here.
let queue: Promise<unknown> = Promise.resolve();

export function aptInstall(packages: string[], logFile: string): Promise<void> {
  const install = queue.then(() => installNow(packages, logFile));
  queue = install.catch(() => undefined);
  return install;
}

async function installNow(packages: string[], logFile: string): Promise<void> {
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
