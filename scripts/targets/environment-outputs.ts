// The typed view of a stack's outputs that the driver and the suites read: parsed once,
// so no caller guesses at a URL, a port or a password.
import type { OutputMap } from '@pulumi/pulumi/automation/index.js';
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

/** Output names whose values are secrets, for redaction. */
export function secretOutputNames(outputs: OutputMap): string[] {
  return Object.entries(outputs)
    .filter(([, output]) => output.secret)
    .map(([name]) => name);
}

export function parseEnvironmentOutputs(outputs: OutputMap): EnvironmentOutputs {
  return environmentOutputsSchema.parse(Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value])));
}
