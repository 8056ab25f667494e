// The prerequisites in the order they depend on each other: the engine before the
// images, the CLI before its plugins and language hosts. The kubernetes target's pieces
// (the local cluster's binaries, its NetworkPolicy controller, packages, images and the
// kubernetes plugin) come only when that target is asked for, so a Docker-only user
// never builds them.
import type { ToolchainPins } from '../toolchain/pins.ts';
import { baseImages } from './base-images.ts';
import { browser } from './browser.ts';
import type { Component } from './component.ts';
import { dockerEngine } from './docker-engine.ts';
import { freeDisk } from './host-checks.ts';
import { kubernetesBinaries } from './kubernetes-binaries.ts';
import { busyboxImage, corednsImage, pauseImage } from './kubernetes-images.ts';
import { kubernetesPackages } from './kubernetes-packages.ts';
import { languageHost } from './language-hosts.ts';
import { localCluster } from './local-cluster-check.ts';
import { networkPolicyController } from './network-policy-controller.ts';
import { nodeRuntime } from './node-runtime.ts';
import { pulumiCli } from './pulumi-cli.ts';
import { pulumiPlugin } from './pulumi-plugins.ts';
import { stateBackend } from './state-backend-check.ts';

/** `kubernetes`: the local cluster and the kubernetes plugin; `kubernetes-provider`: the plugin alone (a cluster of the user's). */
export type ToolchainTarget = 'docker' | 'kubernetes' | 'kubernetes-provider';

/** What the local cluster needs beyond the Docker engine (which imports its images). */
export function clusterComponents(): Component[] {
  return [kubernetesPackages, kubernetesBinaries, networkPolicyController, pauseImage, corednsImage, busyboxImage];
}

function kubernetesPlugins(pins: ToolchainPins): Component[] {
  return pins.plugins.filter((plugin) => plugin.target === 'kubernetes').map(pulumiPlugin);
}

export function kubernetesTargetComponents(pins: ToolchainPins): Component[] {
  return [...clusterComponents(), ...kubernetesPlugins(pins)];
}

export function installableComponents(pins: ToolchainPins, targets: readonly ToolchainTarget[] = ['docker']): Component[] {
  const dockerPlugins = pins.plugins.filter((plugin) => plugin.target === undefined).map(pulumiPlugin);
  const base = [nodeRuntime, dockerEngine, pulumiCli, ...dockerPlugins, ...pins.languageHosts.map(languageHost), browser, baseImages];
  if (targets.includes('kubernetes')) return [...base, ...kubernetesTargetComponents(pins)];
  return targets.includes('kubernetes-provider') ? [...base, ...kubernetesPlugins(pins)] : base;
}

export function doctorComponents(pins: ToolchainPins): Component[] {
  return [...installableComponents(pins), freeDisk, stateBackend];
}

/** What doctor also shows for the kubernetes target; it fails doctor only when that target is asked for. */
export function kubernetesDoctorComponents(pins: ToolchainPins): Component[] {
  return [...kubernetesTargetComponents(pins), localCluster];
}
