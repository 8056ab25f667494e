// Reads scripts/toolchain/toolchain.json, the one place that pins the Pulumi engine,
// its plugins, the language hosts and the Node major the tool and the app's images run on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const pluginSchema = z.object({
  kind: z.enum(['resource', 'language']),
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  npmPackage: z.string(),
  goBuild: z.string(),
  /** A plugin only one target needs is built only when that target is asked for. */
  target: z.enum(['kubernetes']).optional(),
});

/**
 * A language host runs a workDir project of its runtime (`pulumi-language-<name>`); it
 * lives next to the CLI, where the engine looks first. Inline programs need none.
 */
const languageHostSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  /** The Go module the host is built from, at `v<version>`. */
  module: z.string(),
  goBuild: z.string(),
});

const imageTag = z.string().regex(/^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9._-]+$/, 'a local image name:tag without a registry host');

/** The local cluster of the kubernetes target: built from source, started by `cluster up`. */
const kubernetesSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  goBuild: z.string(),
  binaries: z.array(z.string()).min(1),
  debianPackages: z.array(z.string()),
  /** The pod sandbox image, compiled from the k8s module's pause.c and imported. */
  pauseImage: imageTag,
  coredns: z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/), goBuild: z.string(), image: imageTag }),
  /** A shell for test pods: Debian's busybox-static imported as an image. */
  busyboxImage: imageTag,
  /** The NetworkPolicy controller (kube-network-policies), a host process beside kube-proxy. */
  networkPolicy: z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/), module: z.string(), goBuild: z.string() }),
});

const pinsSchema = z.object({
  pulumi: z.object({ version: z.string().regex(/^\d+\.\d+\.\d+$/), goBuild: z.string() }),
  plugins: z.array(pluginSchema).min(1),
  languageHosts: z.array(languageHostSchema).default([]),
  kubernetes: kubernetesSchema,
  node: z.object({ major: z.number().int().min(22) }),
  debianSuite: z.string(),
});

export type ToolchainPins = z.infer<typeof pinsSchema>;
export type PluginPin = z.infer<typeof pluginSchema>;
export type LanguageHostPin = z.infer<typeof languageHostSchema>;
export type KubernetesPins = z.infer<typeof kubernetesSchema>;

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const pinsFile = fileURLToPath(new URL('./toolchain.json', import.meta.url));

export function parsePins(json: unknown): ToolchainPins {
  return pinsSchema.parse(json);
}

export function loadPins(file: string = pinsFile): ToolchainPins {
  return parsePins(JSON.parse(readFileSync(file, 'utf8')));
}
