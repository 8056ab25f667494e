// After `destroy --remove`, the file backend's backup of the stack, its history folder and
// its lock folder go too; another stack's files stay.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileBackendLeftovers, removeFileBackendLeftovers } from '../../scripts/pulumi/file-backend-leftovers.ts';

function stateWith(stacks: string[]): string {
  const stateDir = mkdtempSync(join(tmpdir(), 'file-backend-'));
  mkdirSync(join(stateDir, '.pulumi', 'stacks', 'ephemeral'), { recursive: true });
  for (const stack of stacks) {
    writeFileSync(join(stateDir, '.pulumi', 'stacks', 'ephemeral', `${stack}.json.bak`), '{}');
    writeFileSync(join(stateDir, '.pulumi', 'stacks', 'ephemeral', `${stack}.json.bak.attrs`), '{}');
    mkdirSync(join(stateDir, '.pulumi', 'history', 'ephemeral', stack), { recursive: true });
    mkdirSync(join(stateDir, '.pulumi', 'locks', 'organization', 'ephemeral', stack), { recursive: true });
  }
  return stateDir;
}

describe('removeFileBackendLeftovers', () => {
  it("removes the stack's backup, history and lock folder, and nothing of another stack", () => {
    const stateDir = stateWith(['feature-a', 'feature-b']);
    removeFileBackendLeftovers(stateDir, 'ephemeral', 'feature-a');
    expect(fileBackendLeftovers(stateDir, 'ephemeral', 'feature-a').filter(existsSync)).toEqual([]);
    expect(fileBackendLeftovers(stateDir, 'ephemeral', 'feature-b').every(existsSync)).toBe(true);
  });

  it('does nothing where there is no file backend state', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'file-backend-'));
    expect(() => removeFileBackendLeftovers(stateDir, 'ephemeral', 'feature-a')).not.toThrow();
  });
});
