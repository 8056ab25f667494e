// A stack's outputs read from its exported state (`stack export --show-secrets`), as the
// Automation API's `outputs()` gives them: each value in plain, and whether it is secret.
// One export instead of the two `stack output` processes it takes, each deriving the
// passphrase key again; the export is what the run keeps as evidence anyway. Pure.
import type { OutputMap } from '@pulumi/pulumi/automation/index.js';
import { secretSignature } from '../artifacts/redact.ts';

interface ExportedResource {
  type?: string;
  outputs?: Record<string, unknown>;
}

function isSecretValue(value: unknown): value is { plaintext: string } {
  return typeof value === 'object' && value !== null && secretSignature in value && typeof (value as { plaintext?: unknown }).plaintext === 'string';
}

/** The value with every secret decoded, and whether it held one anywhere. */
function revealed(value: unknown): { value: unknown; secret: boolean } {
  if (isSecretValue(value)) return { value: revealed(JSON.parse(value.plaintext)).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(revealed);
    return { value: items.map((item) => item.value), secret: items.some((item) => item.secret) };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, revealed(item)] as const);
    return { value: Object.fromEntries(entries.map(([key, item]) => [key, item.value])), secret: entries.some(([, item]) => item.secret) };
  }
  return { value, secret: false };
}

/**
 * The root stack resource's outputs from an exported deployment. An output holding a
 * secret anywhere inside counts as secret, so that it is redacted whole (`stack output`
 * only marks an output whose whole value is secret).
 */
export function outputsOfDeployment(deployment: unknown): OutputMap {
  const resources = (deployment as { resources?: ExportedResource[] } | undefined)?.resources ?? [];
  const root = resources.find((resource) => resource.type === 'pulumi:pulumi:Stack');
  return Object.fromEntries(Object.entries(root?.outputs ?? {}).map(([name, value]) => [name, revealed(value)]));
}
