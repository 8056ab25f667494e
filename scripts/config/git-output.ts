// One git question in a folder: its trimmed output, or undefined when git fails or says
// nothing (no repository, no such ref). Branch defaults, the default branch and the
// upgrade path's REF all ask git this way.
import { execa } from 'execa';

export async function gitOutput(cwd: string, args: string[]): Promise<string | undefined> {
  const result = await execa('git', args, { cwd, reject: false });
  return result.exitCode === 0 ? result.stdout.trim() || undefined : undefined;
}
