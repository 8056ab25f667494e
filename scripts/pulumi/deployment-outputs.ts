// A stack's outputs read from its exported state (`stack export --show-secrets`), as the
// Automation API's `outputs()` gives them: each value in plain, and whether it is secret.
// One export instead of the two `stack output` processes it takes, each deriving the
// passphrase key again; the export is what the run keeps as evidence anyway. Pure.
import type { OutputMap } from '@pulumi/pulumi/automation/index.js';
import { exportedResources, isExportedSecret } from '../artifacts/redact.ts';

/** The value with every secret in it decoded. */
function revealed(value: unknown): unknown {
  if (isExportedSecret(value)) return revealed(JSON.parse(value.plaintext));
  if (Array.isArray(value)) return value.map(revealed);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealed(item)]));
  return value;
}

/**
 * The root stack resource's outputs from an exported deployment. As `stack output`
 * marks them, an output is secret when its whole value is; a secret nested inside
 * another output is redacted by its value, as every secret of the state is.
 */
export function outputsOfDeployment(deployment: unknown): OutputMap {
  const root = exportedResources(deployment).find((resource) => resource.type === 'pulumi:pulumi:Stack');
  const outputs = (root?.outputs ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value: revealed(value), secret: isExportedSecret(value) }]));
}
