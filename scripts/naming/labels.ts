// The labels every Docker object of a stack carries; `list`, `gc` and the leak checks
// find objects by them.
import { createHash } from 'node:crypto';
import { withoutPassword } from '../config/state-backend.ts';

export const labelKeys = {
  stack: 'ephemeral.stack',
  branch: 'ephemeral.branch',
  run: 'ephemeral.run',
  expires: 'ephemeral.expires',
  /** Which state backend knows the stack: a gc of another backend on the same engine leaves it alone. */
  backend: 'ephemeral.backend',
} as const;

/**
 * Labels a program may put on a container beside the stack's own: the service it belongs
 * to (else its name, less the slug and a replica number, says it), and the port inside the
 * container where it serves Prometheus metrics at /metrics.
 */
export const containerLabelKeys = {
  service: 'ephemeral.service',
  metricsPort: 'ephemeral.metrics-port',
} as const;

/**
 * A short hash of the backend URL without its password (a rotated password is the same
 * backend): the value of `ephemeral.backend`.
 */
export function backendLabel(backendUrl: string): string {
  return createHash('sha256').update(withoutPassword(backendUrl), 'utf8').digest('hex').slice(0, 12);
}

/**
 * Whether objects with these labels belong to the backend. Objects from before the label
 * count as the local file backend's only: a shared backend's gc never sweeps them, so two
 * backends on one engine (two teams, one host) never reap each other's objects.
 */
export function belongsToBackend(labels: Record<string, string>, backendUrl: string): boolean {
  const label = labels[labelKeys.backend];
  return label === undefined ? backendUrl.startsWith('file://') : label === backendLabel(backendUrl);
}

export interface StackIdentity {
  slug: string;
  branch: string;
  runId: string;
  /** ISO-8601 time, or undefined for an environment that never expires. */
  expiresAt: Date | undefined;
}

export function stackLabels(identity: StackIdentity, backendUrl: string): Record<string, string> {
  return {
    [labelKeys.stack]: identity.slug,
    [labelKeys.branch]: identity.branch,
    [labelKeys.run]: identity.runId,
    [labelKeys.expires]: identity.expiresAt ? identity.expiresAt.toISOString() : 'never',
    [labelKeys.backend]: backendLabel(backendUrl),
  };
}

/** The list form @pulumi/docker takes. */
export function dockerLabelList(labels: Record<string, string>): Array<{ label: string; value: string }> {
  return Object.entries(labels).map(([label, value]) => ({ label, value }));
}
