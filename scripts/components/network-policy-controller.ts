// The local cluster's NetworkPolicy controller (kube-network-policies): one Go build of
// scripts/toolchain/kube-network-policies, cached under <cache>/build like the Kubernetes
// binaries. Only the kubernetes target needs it; `cluster up` runs it beside kube-proxy.
import { join } from 'node:path';
import { resolveClusterPaths } from '../cluster/cluster-paths.ts';
import { buildGoWrapper, isBuildStale } from '../toolchain/go-build.ts';
import { projectRoot } from '../toolchain/pins.ts';
import { isExecutable } from './executable-file.ts';
import type { Component, ToolchainContext } from './component.ts';
import { kubernetesBootstrapFix } from './kubernetes-binaries.ts';

function buildRequest(ctx: ToolchainContext) {
  const pin = ctx.pins.kubernetes.networkPolicy;
  return {
    sourceDir: join(projectRoot, pin.goBuild),
    buildRoot: ctx.paths.builds,
    name: resolveClusterPaths(ctx.paths, ctx.pins.kubernetes).networkPolicyBuildName,
    version: pin.version,
  };
}

export const networkPolicyController: Component = {
  name: 'policy controller',

  async inspect(ctx) {
    const { version } = ctx.pins.kubernetes.networkPolicy;
    const binary = resolveClusterPaths(ctx.paths, ctx.pins.kubernetes).networkPolicyBinary;
    if (!isExecutable(binary)) return { ok: false, detail: `kube-network-policies ${version} not built`, fix: kubernetesBootstrapFix };
    if (isBuildStale(buildRequest(ctx))) {
      return { ok: false, detail: `built here from an older ${ctx.pins.kubernetes.networkPolicy.goBuild}`, fix: kubernetesBootstrapFix };
    }
    return { ok: true, detail: `kube-network-policies ${version} (${binary})` };
  },

  async install(ctx) {
    const built = await buildGoWrapper({ ...buildRequest(ctx), logFile: join(ctx.logDir, 'kube-network-policies-build.log'), env: ctx.env });
    return { ok: true, detail: `kube-network-policies ${ctx.pins.kubernetes.networkPolicy.version} (built from the Go module proxy: ${built})` };
  },
};
