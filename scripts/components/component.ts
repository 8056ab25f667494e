// A prerequisite of the tool (Docker engine, Pulumi CLI, a plugin, the browser, a base
// image): `inspect` only looks, for doctor; `install` makes it present, for bootstrap.
import type { CoordinationStore } from '../coordination/coordination-store.ts';
import type { CachePaths, Env } from '../toolchain/cache-paths.ts';
import type { ToolchainPins } from '../toolchain/pins.ts';

export interface ToolchainContext {
  pins: ToolchainPins;
  paths: CachePaths;
  env: Env;
  /** The state backend every command uses: PULUMI_BACKEND_URL, else the local file backend. */
  backendUrl: string;
  /** Branch locks and environment records: files here, or the team's PostgreSQL with a postgres:// backend. */
  coordination: CoordinationStore;
  /** Root on a Debian-like system: may apt-get install and start dockerd. */
  canInstallSystemPackages: boolean;
  /** Where installers try first: the official downloads, or straight to the Go builds. */
  toolchainSource: 'auto' | 'official' | 'go';
  /** Full build and install logs go here, not to the terminal. */
  logDir: string;
}

export interface ComponentStatus {
  ok: boolean;
  /** What was found: a version, a path, an image id, or what is missing. */
  detail: string;
  /** The exact command or setting that fixes a missing component. */
  fix?: string;
}

export interface Component {
  name: string;
  inspect(ctx: ToolchainContext): Promise<ComponentStatus>;
  /** Absent for things doctor reports but nothing can install (free disk, say). */
  install?(ctx: ToolchainContext): Promise<ComponentStatus>;
  /**
   * The components that must be present before this one installs (the engine before the
   * images it builds, the CLI before its plugins); the bootstrap installs the rest beside
   * each other.
   */
  after?: readonly string[];
}

export const bootstrapFix = 'npm run ephemeral -- bootstrap';
