// The reference stack's outputs as the suites, the seed and `ephemeral.config.ts` read
// them: parsed once, so no caller guesses at a URL, a port or a password.
import { z } from 'zod';

export const environmentOutputsSchema = z.object({
  stackName: z.string(),
  webUrl: z.url(),
  apiUrl: z.url(),
  adminEmail: z.string(),
  adminPassword: z.string().min(1),
  services: z.record(z.string(), z.array(z.string())),
  networks: z.object({ private: z.string(), edge: z.string() }),
});

export type EnvironmentOutputs = z.infer<typeof environmentOutputsSchema>;
