// The default branch, whose runs are the yardstick for slow phases: --default-branch or
// EPHEMERAL_DEFAULT_BRANCH, else what origin's HEAD points at, else `main` or `master`
// where the checkout has one, else `main`.
import { gitOutput } from '../config/git-output.ts';

export interface DefaultBranchFacts {
  /** `git symbolic-ref --short refs/remotes/origin/HEAD`, e.g. `origin/main`. */
  originHead: string | undefined;
  /** The local branches among `main` and `master`. */
  localBranches: string[];
}

export function chooseDefaultBranch(override: string | undefined, facts: DefaultBranchFacts): string {
  if (override?.trim()) return override.trim();
  if (facts.originHead) return facts.originHead.replace(/^origin\//, '');
  return ['main', 'master'].find((name) => facts.localBranches.includes(name)) ?? 'main';
}

export async function readDefaultBranchFacts(cwd: string): Promise<DefaultBranchFacts> {
  const git = (args: string[]) => gitOutput(cwd, args);
  const [originHead, main, master] = await Promise.all([
    git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']),
    git(['rev-parse', '--verify', '--quiet', 'refs/heads/main']),
    git(['rev-parse', '--verify', '--quiet', 'refs/heads/master']),
  ]);
  return { originHead, localBranches: [...(main ? ['main'] : []), ...(master ? ['master'] : [])] };
}
