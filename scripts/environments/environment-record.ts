// The record of an environment: which branch, run and runner made it, whether it is
// kept, and when it expires. `list` and `gc` read it; teardown deletes it. These are the
// files of the embedded coordination store (coordination/file-coordination-store.ts).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const environmentRecordSchema = z.object({
  slug: z.string(),
  branch: z.string(),
  runId: z.string(),
  /** Where it runs: on Docker only its own host reaches it; a cluster is reached from any runner. */
  target: z.enum(['docker', 'kubernetes']).optional(),
  kept: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** Each entry point's URL by its name in the project's config, once up. */
  entryPoints: z.record(z.string(), z.string()).optional(),
  /** The runner and host that made it (team mode: `gc` on Docker reaches only its own host's). */
  owner: z.object({ runner: z.string(), host: z.string() }).optional(),
});

export type EnvironmentRecord = z.infer<typeof environmentRecordSchema>;

export function recordsDir(stateDir: string): string {
  return join(stateDir, '.ephemeral', 'environments');
}

export function writeEnvironmentRecord(stateDir: string, record: EnvironmentRecord): void {
  mkdirSync(recordsDir(stateDir), { recursive: true });
  writeFileSync(join(recordsDir(stateDir), `${record.slug}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

export function deleteEnvironmentRecord(stateDir: string, slug: string): void {
  rmSync(join(recordsDir(stateDir), `${slug}.json`), { force: true });
}

export function readEnvironmentRecord(stateDir: string, slug: string): EnvironmentRecord | undefined {
  try {
    const parsed = environmentRecordSchema.safeParse(JSON.parse(readFileSync(join(recordsDir(stateDir), `${slug}.json`), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function readEnvironmentRecords(stateDir: string): EnvironmentRecord[] {
  let files: string[];
  try {
    files = readdirSync(recordsDir(stateDir)).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const parsed = environmentRecordSchema.safeParse(JSON.parse(readFileSync(join(recordsDir(stateDir), file), 'utf8')));
    return parsed.success ? [parsed.data] : [];
  });
}
