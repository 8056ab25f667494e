// Which version the upgrade path starts from: `--upgrade-from REF` (any git ref), or the
// repository's default branch (origin/HEAD, else a `main` or `master` that exists). A ref
// git cannot resolve to a commit is a usage error naming it, before anything is created.
import { gitOutput } from '../config/git-output.ts';
import { usageError } from '../errors.ts';

export interface UpgradeSource {
  /** The ref as given (or the default branch found). */
  ref: string;
  /** The commit it names, in full. */
  commit: string;
}

/** The default branch: where origin/HEAD points, else the first of the candidates that exists. */
export function chooseDefaultBranch(originHead: string | undefined, existing: readonly string[]): string | undefined {
  if (originHead) return originHead.replace(/^refs\/remotes\//, '');
  return ['main', 'master', 'origin/main', 'origin/master'].find((name) => existing.includes(name));
}

export async function defaultBranch(cwd: string): Promise<string | undefined> {
  const originHead = await gitOutput(cwd, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const candidates = ['main', 'master', 'origin/main', 'origin/master'];
  const found = await Promise.all(candidates.map(async (name) => ((await gitOutput(cwd, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`])) ? name : undefined)));
  return chooseDefaultBranch(originHead, found.filter((name): name is string => name !== undefined));
}

/** `true` (the flag without a value) asks for the default branch. */
export async function resolveUpgradeSource(option: string | true, cwd: string): Promise<UpgradeSource> {
  const ref = option === true ? await defaultBranch(cwd) : option;
  if (ref === undefined) {
    throw usageError('--upgrade-from: the repository has no default branch (no origin/HEAD, main or master)', 'name the version to start from: --upgrade-from REF (a branch, tag or commit)');
  }
  if (ref.trim() === '' || ref.startsWith('-')) throw usageError(`--upgrade-from: "${ref}" is not a git ref`, 'give a branch, tag or commit, e.g. --upgrade-from main or --upgrade-from HEAD~1');
  const commit = await gitOutput(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit) {
    throw usageError(`--upgrade-from: git cannot resolve "${ref}" to a commit in ${cwd}`, `give a branch, tag or commit that exists (git fetch it first), e.g. --upgrade-from main`);
  }
  return { ref, commit };
}
