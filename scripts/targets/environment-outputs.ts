// A stack's outputs as the driver sees them: plain values by name, which of them Pulumi
// marks secret, the project's own check of them (its `outputs` schema), and the entry
// points' URLs. The driver names no output itself; the config does.
import type { OutputMap } from '@pulumi/pulumi/automation/index.js';
import type { ZodType } from 'zod';
import type { EntryPointDefinition } from '../contract/define-config.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { redactedMarker } from '../artifacts/redact.ts';

export type EnvironmentOutputs = Record<string, unknown>;

export function outputValues(outputs: OutputMap): EnvironmentOutputs {
  return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
}

/** Output names whose values are secrets, for redaction. */
export function secretOutputNames(outputs: OutputMap): string[] {
  return Object.entries(outputs)
    .filter(([, output]) => output.secret)
    .map(([name]) => name);
}

/** The outputs as the project's schema parses them; a mismatch names the fields, never the values. */
export function checkOutputs(values: EnvironmentOutputs, schema: ZodType | undefined): EnvironmentOutputs {
  if (!schema) return values;
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data as EnvironmentOutputs;
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
  throw new EphemeralError(`the stack outputs do not match the config's outputs schema: ${fields}`, {
    code: 'E_OUTPUTS',
    exitCode: ExitCode.provisionFailed,
    remedy: 'make the program return what `outputs` in ephemeral.config.ts expects (or correct the schema)',
  });
}

/** Each entry point's URL, from the output it names. */
export function entryPointUrls(entryPoints: Record<string, EntryPointDefinition>, values: EnvironmentOutputs): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entryPoints).map(([name, entry]) => {
      const value = values[entry.output];
      if (typeof value !== 'string' || !URL.canParse(value)) {
        throw new EphemeralError(`the entry point ${name} names the output ${entry.output}, which is ${value === undefined ? 'missing' : 'not a URL'}`, {
          code: 'E_OUTPUTS',
          exitCode: ExitCode.provisionFailed,
          remedy: `return a URL as the output ${entry.output}, or correct entryPoints.${name}.output in ephemeral.config.ts`,
        });
      }
      return [name, value];
    }),
  );
}

/** The outputs with every secret one replaced, unless secrets are asked for. */
export function redactOutputs(values: EnvironmentOutputs, secretNames: readonly string[], showSecrets = false): EnvironmentOutputs {
  if (showSecrets) return { ...values };
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, secretNames.includes(name) ? redactedMarker : value]));
}
