// The version before, as a folder: a clean detached `git worktree` of the commit under the
// tool's cache, its npm dependencies (the checkout's own node_modules linked where the
// lockfile is the same, else `npm ci --prefer-offline`), and its `ephemeral.config.ts`
// loaded from there. Disposing it removes the worktree; a killed run's is removed by the next. Whatever goes wrong here is the
// old version's: exit 2 with the reason, never a clean-slate run instead.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
import { describeError, EphemeralError, ExitCode } from '../errors.ts';
import type { TargetName } from '../contract/define-config.ts';
import { type LoadedProject, loadProjectConfig } from '../contract/load-config.ts';
import { currentProcessIdentity, isProcessAlive, type ProcessIdentity } from '../lifecycle/process-identity.ts';
import type { UpgradeSource } from './upgrade-ref.ts';

export interface PreviousVersion extends AsyncDisposable {
  source: UpgradeSource;
  /** The old version's project, loaded from its worktree. */
  project: LoadedProject;
  /** How each lockfile's dependencies came: `linked` (same lockfile) or `installed`. */
  dependencies: Record<string, 'linked' | 'installed'>;
}

export function previousVersionError(source: UpgradeSource, reason: string, cause?: unknown): EphemeralError {
  return new EphemeralError(`the version to upgrade from (${source.ref}, ${source.commit.slice(0, 12)}) cannot be deployed: ${reason}`, {
    code: 'E_UPGRADE_FROM',
    exitCode: ExitCode.provisionFailed,
    remedy: 'pick a --upgrade-from REF whose ephemeral.config.ts declares the same stack, or fix what is named above',
    cause,
  });
}

/** What must match for the old stack to be updated in place: the target, its kind, the entry points. */
export function stackDeclarationMismatch(previous: LoadedProject['config'], current: LoadedProject['config'], target: TargetName): string | undefined {
  const before = previous.targets[target];
  const after = current.targets[target];
  if (!before) return `its config declares no ${target} target`;
  if (!after) return `the current config declares no ${target} target`;
  if (Boolean(before.program) !== Boolean(after.program)) return `its ${target} target is ${before.program ? 'an inline program' : 'a workDir project'}, the current one is not`;
  const names = (config: LoadedProject['config']) => Object.keys(config.entryPoints).sort().join(', ');
  if (names(previous) !== names(current)) return `its entry points (${names(previous)}) are not the current ones (${names(current)})`;
  return undefined;
}

async function installDependencies(repoTop: string, worktree: string, commit: string): Promise<Record<string, 'linked' | 'installed'>> {
  const listed = await execa('git', ['ls-tree', '-r', '--name-only', commit], { cwd: repoTop });
  const lockfiles = listed.stdout.split('\n').filter((path) => /(^|\/)package-lock\.json$/.test(path) && !path.includes('node_modules/'));
  const how: Record<string, 'linked' | 'installed'> = {};
  for (const lockfile of lockfiles) {
    const folder = dirname(lockfile);
    const current = join(repoTop, lockfile);
    const currentModules = join(repoTop, folder, 'node_modules');
    const same = existsSync(current) && existsSync(currentModules) && readFileSync(current).equals(readFileSync(join(worktree, lockfile)));
    if (same) {
      // The same lockfile installs the same tree: the checkout's own is reused as it is.
      symlinkSync(currentModules, join(worktree, folder, 'node_modules'), 'dir');
      how[lockfile] = 'linked';
    } else {
      await execa('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: join(worktree, folder) });
      how[lockfile] = 'installed';
    }
  }
  return how;
}

async function removeWorktree(repoTop: string, worktree: string): Promise<void> {
  await execa('git', ['worktree', 'remove', '--force', worktree], { cwd: repoTop, reject: false });
  rmSync(worktree, { recursive: true, force: true });
  rmSync(ownerFile(worktree), { force: true });
  await execa('git', ['worktree', 'prune'], { cwd: repoTop, reject: false });
}

/** Beside each worktree: the run that made it, so a later run can tell a killed run's leftover. */
const ownerFile = (worktree: string) => `${worktree}.owner.json`;

function ownerOf(worktree: string): ProcessIdentity | undefined {
  try {
    return JSON.parse(readFileSync(ownerFile(worktree), 'utf8')) as ProcessIdentity;
  } catch {
    return undefined;
  }
}

/**
 * Removes the worktrees of runs that died (kill -9 gives no chance to dispose): those whose
 * recorded process is gone on this host. One from another host or without an owner is left.
 */
export async function removeAbandonedCheckouts(repoTop: string, parent: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((entry) => !entry.endsWith('.owner.json'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const worktree = join(parent, entry);
    const owner = ownerOf(worktree);
    if (owner === undefined || isProcessAlive(owner) !== false) continue;
    await removeWorktree(repoTop, worktree);
    removed.push(worktree);
  }
  return removed;
}

export interface CheckoutRequest {
  source: UpgradeSource;
  /** The current project: its config file's place in the repository is the old one's too. */
  current: LoadedProject;
  target: TargetName;
  /** A folder of the tool's cache for this run's worktree. */
  folder: string;
}

export async function checkoutPreviousVersion(request: CheckoutRequest): Promise<PreviousVersion> {
  const { source, current } = request;
  const top = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: current.root, reject: false });
  if (top.exitCode !== 0) throw previousVersionError(source, `${current.root} is not in a git checkout`);
  const repoTop = top.stdout.trim();
  await removeAbandonedCheckouts(repoTop, dirname(request.folder));
  rmSync(request.folder, { recursive: true, force: true });
  mkdirSync(dirname(request.folder), { recursive: true });
  writeFileSync(ownerFile(request.folder), JSON.stringify(currentProcessIdentity()));
  const added = await execa('git', ['worktree', 'add', '--detach', '--force', request.folder, source.commit], { cwd: repoTop, reject: false });
  if (added.exitCode !== 0) throw previousVersionError(source, `git worktree add failed: ${added.stderr.trim()}`);
  const dispose = () => removeWorktree(repoTop, request.folder);
  try {
    const configFile = join(request.folder, relative(repoTop, current.file));
    if (!existsSync(configFile)) throw previousVersionError(source, `it has no ${relative(repoTop, current.file)}: it predates the stack contract`);
    const dependencies = await installDependencies(repoTop, request.folder, source.commit).catch((error: unknown) => {
      throw previousVersionError(source, `its npm dependencies could not be installed: ${describeError(error).split('\n')[0]}`, error);
    });
    const project = await loadProjectConfig(configFile, request.folder).catch((error: unknown) => {
      throw previousVersionError(source, `its config cannot be loaded: ${describeError(error)}`, error);
    });
    const mismatch = stackDeclarationMismatch(project.config, current.config, request.target);
    if (mismatch) throw previousVersionError(source, `it does not declare the stack the same way: ${mismatch}`);
    return { source, project, dependencies, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
