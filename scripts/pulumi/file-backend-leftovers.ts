// `stack rm` on the file backend keeps the removed stack's last file as a .bak (with its
// .attrs) and leaves its history folder, on purpose for long-lived stacks, and the CLI
// leaves the stack's (empty) lock folder. A branch's stack lives for one run, so these
// would pile up, two files and two folders per run: removed once the stack itself was
// destroyed and removed.
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export function fileBackendLeftovers(stateDir: string, project: string, stack: string): string[] {
  const root = join(stateDir, '.pulumi');
  const stackFile = join(root, 'stacks', project, `${stack}.json`);
  return [`${stackFile}.bak`, `${stackFile}.bak.attrs`, join(root, 'history', project, stack), join(root, 'locks', 'organization', project, stack)];
}

/** A no-op where the state lives elsewhere (another backend): nothing is at those paths. */
export function removeFileBackendLeftovers(stateDir: string, project: string, stack: string): void {
  for (const path of fileBackendLeftovers(stateDir, project, stack)) rmSync(path, { recursive: true, force: true });
}
