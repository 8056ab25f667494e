// Replaces every known secret value (generated passwords, tokens, secret outputs) in
// text. Secrets are collected from the stack export, where Pulumi marks them.
export const redactedMarker = '[secret]';

/** Pulumi's marker key for a secret value in a stack export or an output map. */
const secretSignature = '4dabf18193072939515e22adb298388d';

/** A secret as a stack export taken with --show-secrets holds it: the marker, and the value as JSON text. */
export function isExportedSecret(value: unknown): value is { plaintext: string } {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[secretSignature] !== undefined && typeof (value as { plaintext?: unknown }).plaintext === 'string';
}

export interface ExportedResource {
  type?: string;
  outputs?: unknown;
}

/** The resources of an exported deployment (none when it has no list). */
export function exportedResources(deployment: unknown): ExportedResource[] {
  return (deployment as { resources?: ExportedResource[] } | undefined)?.resources ?? [];
}

// Very short strings would redact ordinary text; no generated secret is that short.
export const minimumSecretLength = 6;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set(secrets)].filter((value) => value.length >= minimumSecretLength).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  const escaped = values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Also catch the URL-encoded form, as in a connection string.
  const encoded = values.map((value) => encodeURIComponent(value)).filter((value, index) => value !== values[index]);
  const pattern = new RegExp([...escaped, ...encoded.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))].join('|'), 'g');
  return (text) => text.replace(pattern, redactedMarker);
}

function stringLeaves(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringLeaves(item, into);
}

function secretLeaves(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) secretLeaves(item, into);
  } else if (isExportedSecret(value)) {
    try {
      stringLeaves(JSON.parse(value.plaintext), into);
    } catch {
      into.add(value.plaintext);
    }
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) secretLeaves(item, into);
  }
}

/** The values of the outputs Pulumi marks secret, as `up` returns them. */
export function secretsInOutputs(outputs: Readonly<Record<string, { value: unknown; secret: boolean }>>): Set<string> {
  const secrets = new Set<string>();
  for (const output of Object.values(outputs)) if (output.secret) stringLeaves(output.value, secrets);
  return secrets;
}

/**
 * The primitive secrets in a stack export taken with --show-secrets: what the random
 * provider generated and the stack's secret outputs. Values derived from them (a
 * connection string, a container's whole env list) are marked secret too, but
 * redacting the primitives already covers them without hiding the rest.
 */
export function secretsInStackExport(deployment: unknown): Set<string> {
  const secrets = new Set<string>();
  const resources = exportedResources(deployment).filter(
    (resource) => resource.type?.startsWith('random:') || resource.type === 'pulumi:pulumi:Stack',
  );
  for (const resource of resources) secretLeaves(resource.outputs, secrets);
  return secrets;
}
