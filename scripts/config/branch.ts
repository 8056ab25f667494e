// Which branch a run is for: --branch, else the CI's variables, else the checkout's
// current branch, else the short commit id.
import { gitOutput } from './git-output.ts';
import type { Env } from '../toolchain/cache-paths.ts';

export interface GitFacts {
  branch: string | undefined;
  shortCommit: string | undefined;
}

const ciBranchVariables = ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME'] as const;

export function resolveBranch(cliBranch: string | undefined, env: Env, git: GitFacts): string | undefined {
  if (cliBranch !== undefined) return cliBranch;
  for (const name of ciBranchVariables) {
    const value = env[name];
    if (value) return value;
  }
  return git.branch ?? git.shortCommit;
}

export async function readGitFacts(cwd: string): Promise<GitFacts> {
  // A detached checkout answers `HEAD` for its branch: no branch name.
  const run = async (args: string[]) => {
    const value = await gitOutput(cwd, args);
    return value === 'HEAD' ? undefined : value;
  };
  const [branch, shortCommit] = await Promise.all([run(['rev-parse', '--abbrev-ref', 'HEAD']), run(['rev-parse', '--short', 'HEAD'])]);
  return { branch, shortCommit };
}
