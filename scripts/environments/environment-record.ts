// The record of an environment, kept beside the stack state: which branch and run made
// it, whether it is kept, and when it expires. `list` and `gc` read it; teardown
// deletes it.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const recordSchema = z.object({
  slug: z.string(),
  branch: z.string(),
  runId: z.string(),
  kept: z.boolean(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** Each entry point's URL by its name in the project's config, once up. */
  entryPoints: z.record(z.string(), z.string()).optional(),
});

export type EnvironmentRecord = z.infer<typeof recordSchema>;

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
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(join(recordsDir(stateDir), `${slug}.json`), 'utf8')));
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
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(join(recordsDir(stateDir), file), 'utf8')));
    return parsed.success ? [parsed.data] : [];
  });
}
