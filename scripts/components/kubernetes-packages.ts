// The Debian packages the local cluster runs on: etcd, the CNI plugins, conntrack (for
// kube-proxy), busybox-static (a shell image for test pods), nftables (`nft`, to find
// and remove the NetworkPolicy controller's tables at `cluster down`) and docker-registry
// (a registry on 127.0.0.1 that proves --registry's push); containerd, runc and ctr come
// with docker.io, which the Docker engine component installs.
import { existsSync } from 'node:fs';
import { aptInstall, commandExists } from './apt.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';
import { kubernetesBootstrapFix } from './kubernetes-binaries.ts';

/** What each package provides, as the cluster uses it. */
const provides: Record<string, { command?: string; file?: string }> = {
  'etcd-server': { command: 'etcd' },
  'containernetworking-plugins': { file: '/usr/lib/cni/bridge' },
  conntrack: { command: 'conntrack' },
  'busybox-static': { file: '/bin/busybox' },
  nftables: { command: 'nft' },
  'docker-registry': { command: 'docker-registry' },
};
const runtimeCommands = ['containerd', 'containerd-shim-runc-v2', 'runc', 'ctr', 'iptables', 'openssl'];

async function isProvided(name: string): Promise<boolean> {
  const what = provides[name];
  if (what?.file) return existsSync(what.file);
  return commandExists(what?.command ?? name);
}

async function missingPieces(ctx: ToolchainContext): Promise<{ packages: string[]; commands: string[] }> {
  const packages: string[] = [];
  for (const name of ctx.pins.kubernetes.debianPackages) if (!(await isProvided(name))) packages.push(name);
  const commands: string[] = [];
  for (const command of runtimeCommands) if (!(await commandExists(command))) commands.push(command);
  return { packages, commands };
}

export const kubernetesPackages: Component = {
  name: 'cluster packages',

  async inspect(ctx): Promise<ComponentStatus> {
    const { packages, commands } = await missingPieces(ctx);
    const missing = [...packages, ...commands];
    if (missing.length === 0) return { ok: true, detail: ctx.pins.kubernetes.debianPackages.join(', ') };
    return { ok: false, detail: `missing: ${missing.join(', ')}`, fix: kubernetesBootstrapFix };
  },

  async install(ctx): Promise<ComponentStatus> {
    if (!ctx.canInstallSystemPackages) throw new Error(`as root on Debian, run: apt-get install -y ${ctx.pins.kubernetes.debianPackages.join(' ')} docker.io`);
    const { packages, commands } = await missingPieces(ctx);
    await aptInstall([...packages, ...(commands.length > 0 ? ['docker.io', 'iptables', 'openssl'] : [])], `${ctx.logDir}/apt.log`);
    return kubernetesPackages.inspect(ctx);
  },
};
