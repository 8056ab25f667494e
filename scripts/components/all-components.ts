// The prerequisites in the order they depend on each other: the engine before the
// images, the CLI before its plugins and language hosts.
import type { ToolchainPins } from '../toolchain/pins.ts';
import { baseImages } from './base-images.ts';
import { browser } from './browser.ts';
import type { Component } from './component.ts';
import { dockerEngine } from './docker-engine.ts';
import { freeDisk } from './host-checks.ts';
import { languageHost } from './language-hosts.ts';
import { nodeRuntime } from './node-runtime.ts';
import { pulumiCli } from './pulumi-cli.ts';
import { pulumiPlugin } from './pulumi-plugins.ts';
import { stateBackend } from './state-backend-check.ts';

export function installableComponents(pins: ToolchainPins): Component[] {
  return [nodeRuntime, dockerEngine, pulumiCli, ...pins.plugins.map(pulumiPlugin), ...pins.languageHosts.map(languageHost), browser, baseImages];
}

export function doctorComponents(pins: ToolchainPins): Component[] {
  return [...installableComponents(pins), freeDisk, stateBackend];
}
