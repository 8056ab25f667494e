// Picks the coordination store from the resolved state backend: PostgreSQL when the
// stacks live in a postgres:// backend (team mode), else files on this machine. Another
// shared backend (object storage, Pulumi Cloud) keeps the files store: the branch locks
// then hold on one runner only, which `doctor` and the README say.
import { hostname } from 'node:os';
import { describeBackendUrl } from '../config/state-backend.ts';
import type { CachePaths, Env } from '../toolchain/cache-paths.ts';
import type { CoordinationStore } from './coordination-store.ts';
import { fileCoordinationStore } from './file-coordination-store.ts';
import { postgresCoordinationStore } from './postgres-coordination-store.ts';
import { isPostgresBackend } from './postgres-settings.ts';
import { runnerIdentity } from './runner-identity.ts';

export function openCoordinationStore(backendUrl: string, paths: Pick<CachePaths, 'branchLocks' | 'stateDir'>, env: Env): CoordinationStore {
  const owner = runnerIdentity(env, hostname());
  if (isPostgresBackend(backendUrl)) return postgresCoordinationStore({ url: backendUrl, location: describeBackendUrl(backendUrl), owner, env });
  return fileCoordinationStore({ locksDir: paths.branchLocks, stateDir: paths.stateDir }, owner);
}
