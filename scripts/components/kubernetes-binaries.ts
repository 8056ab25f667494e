// The local cluster's Kubernetes binaries (apiserver, controller-manager, scheduler,
// kubelet, kube-proxy, kubectl): one Go build of scripts/toolchain/kubernetes, cached
// under <cache>/build like the Pulumi CLI. Only the kubernetes target needs them.
import { join } from 'node:path';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { buildGoWrapper, isBuildStale } from '../toolchain/go-build.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { isExecutable } from './executable-file.ts';
import type { Component, ToolchainContext } from './component.ts';

export const kubernetesBootstrapFix = 'npm run ephemeral -- bootstrap --target kubernetes';

function buildRequest(ctx: ToolchainContext) {
  const pins = ctx.pins.kubernetes;
  return {
    sourceDir: join(projectRoot, pins.goBuild),
    buildRoot: ctx.paths.builds,
    name: resolveClusterPaths(ctx.paths, pins).buildName,
    version: pins.version,
  };
}

export const kubernetesBinaries: Component = {
  name: 'kubernetes',

  async inspect(ctx) {
    const { binDir } = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes);
    const missing = ctx.pins.kubernetes.binaries.filter((binary) => !isExecutable(join(binDir, binary)));
    if (missing.length > 0) return { ok: false, detail: `${missing.join(', ')} ${ctx.pins.kubernetes.version} not built`, fix: kubernetesBootstrapFix };
    if (isBuildStale(buildRequest(ctx))) {
      return { ok: false, detail: `built here from an older ${ctx.pins.kubernetes.goBuild}`, fix: kubernetesBootstrapFix };
    }
    return { ok: true, detail: `${ctx.pins.kubernetes.version} (${binDir})` };
  },

  async install(ctx) {
    const built = await buildGoWrapper({ ...buildRequest(ctx), logFile: join(ctx.logDir, 'kubernetes-build.log'), env: ctx.env });
    return { ok: true, detail: `${ctx.pins.kubernetes.version} (built from the Go module proxy: ${built})` };
  },
};
