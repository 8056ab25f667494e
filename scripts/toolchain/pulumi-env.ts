// The environment every Pulumi process gets: our PULUMI_HOME, no update check and no
// plugin downloads, so a missing plugin fails at once with a clear message.
import { dirname } from 'node:path';
import type { CachePaths, Env } from './cache-paths.ts';

export function pulumiEnv(paths: CachePaths, env: Env): Record<string, string> {
  return {
    PULUMI_HOME: paths.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    // The file backend keeps a .bak of every checkpoint; the history file is enough.
    PULUMI_DIY_BACKEND_DISABLE_CHECKPOINT_BACKUPS: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'false',
    PATH: `${dirname(paths.pulumiBinary)}:${env['PATH'] ?? ''}`,
  };
}
