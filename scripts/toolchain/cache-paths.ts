// Where builds, the Pulumi engine and its plugins live: outside the repository, per
// machine, so that CI and later runs on the same machine reuse them.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ToolchainPins } from './pins.ts';

export interface CachePaths {
  /** ~/.cache/ephemeral unless EPHEMERAL_CACHE_DIR or XDG_CACHE_HOME say otherwise. */
  root: string;
  /** Go wrapper builds, one folder per binary and version. */
  builds: string;
  /** The official layout PulumiCommand.get expects: `<pulumiRoot>/bin/pulumi`. */
  pulumiRoot: string;
  pulumiBinary: string;
  /** PULUMI_HOME: installed plugins live under `<pulumiHome>/plugins`. */
  pulumiHome: string;
  /**
   * One lock per branch slug, and the tool's own locks (the image build) in a folder of
   * their own: no branch name can collide with an internal lock.
   */
  branchLocks: string;
  internalLocks: string;
  /** Default file backend for stack state. */
  stateDir: string;
  /** Root filesystems made by mmdebstrap before `docker import`. */
  imageWork: string;
  dockerdLog: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function resolveCachePaths(pins: ToolchainPins, env: Env): CachePaths {
  const root =
    env['EPHEMERAL_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'ephemeral');
  const pulumiRoot = join(root, 'pulumi', pins.pulumi.version);
  return {
    root,
    builds: join(root, 'build'),
    pulumiRoot,
    pulumiBinary: join(pulumiRoot, 'bin', 'pulumi'),
    pulumiHome: env['PULUMI_HOME'] ?? join(root, 'pulumi-home'),
    branchLocks: join(root, 'locks', 'branches'),
    internalLocks: join(root, 'locks', 'internal'),
    stateDir: join(root, 'state'),
    imageWork: join(root, 'images'),
    dockerdLog: join(root, 'dockerd.log'),
  };
}

/** The plugin folder the engine looks in for an exact version match. */
export function pluginDir(paths: CachePaths, kind: string, name: string, version: string): string {
  return join(paths.pulumiHome, 'plugins', `${kind}-${name}-v${version}`);
}
