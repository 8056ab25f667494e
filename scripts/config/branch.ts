// Which branch a run is for: --branch, else the CI's variables, else the checkout's
// current branch, else the short commit id.
import { execa } from 'execa';
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
  const run = async (args: string[]) => {
    const result = await execa('git', args, { cwd, reject: false });
    const value = result.exitCode === 0 ? result.stdout.trim() : '';
    return value && value !== 'HEAD' ? value : undefined;
  };
  const [branch, shortCommit] = await Promise.all([run(['rev-parse', '--abbrev-ref', 'HEAD']), run(['rev-parse', '--short', 'HEAD'])]);
  return { branch, shortCommit };
}
