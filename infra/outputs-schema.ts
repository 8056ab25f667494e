// The reference stack's outputs as the suites, the seed and `ephemeral.config.ts` read
// them, for both targets: parsed once, so no caller guesses at a URL, a port or a
// password. The shape tells the target apart: Docker outputs name the stack's networks
// (and need no `target`, as before), Kubernetes outputs say `target: 'kubernetes'` and
// name the namespace; `services` holds container names on Docker, workload names
// (Deployment or Job) on Kubernetes.
import { z } from 'zod';

const commonOutputs = {
  stackName: z.string(),
  webUrl: z.url(),
  apiUrl: z.url(),
  adminEmail: z.string(),
  adminPassword: z.string().min(1),
  services: z.record(z.string(), z.array(z.string())),
};

export const dockerOutputsSchema = z.object({
  target: z.literal('docker').optional(),
  ...commonOutputs,
  networks: z.object({ private: z.string(), edge: z.string() }),
});

export const kubernetesOutputsSchema = z.object({
  target: z.literal('kubernetes'),
  ...commonOutputs,
  namespace: z.string().min(1),
});

export const environmentOutputsSchema = z.discriminatedUnion('target', [dockerOutputsSchema, kubernetesOutputsSchema]);

export type DockerOutputs = z.infer<typeof dockerOutputsSchema>;
export type KubernetesOutputs = z.infer<typeof kubernetesOutputsSchema>;
export type EnvironmentOutputs = z.infer<typeof environmentOutputsSchema>;

export function isKubernetesOutputs(outputs: EnvironmentOutputs): outputs is KubernetesOutputs {
  return outputs.target === 'kubernetes';
}
