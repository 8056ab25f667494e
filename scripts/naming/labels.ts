// The labels every Docker object of a stack carries; `list`, `gc` and the leak checks
// find objects by them.
export const labelKeys = {
  stack: 'ephemeral.stack',
  branch: 'ephemeral.branch',
  run: 'ephemeral.run',
  expires: 'ephemeral.expires',
} as const;

export interface StackIdentity {
  slug: string;
  branch: string;
  runId: string;
  /** ISO-8601 time, or undefined for an environment that never expires. */
  expiresAt: Date | undefined;
}

export function stackLabels(identity: StackIdentity): Record<string, string> {
  return {
    [labelKeys.stack]: identity.slug,
    [labelKeys.branch]: identity.branch,
    [labelKeys.run]: identity.runId,
    [labelKeys.expires]: identity.expiresAt ? identity.expiresAt.toISOString() : 'never',
  };
}

/** The list form @pulumi/docker takes. */
export function dockerLabelList(labels: Record<string, string>): Array<{ label: string; value: string }> {
  return Object.entries(labels).map(([label, value]) => ({ label, value }));
}
