// doctor's look at the state backend `run` will use (resolved the same way): a file
// backend must be writable; any other must answer a stack listing through the pinned
// CLI with the tool's own workspace settings.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalWorkspace } from '@pulumi/pulumi/automation/index.js';
import { describeBackendUrl, isFileBackend } from '../config/state-backend.ts';
import { EphemeralError } from '../errors.ts';
import { workspaceOptions } from '../pulumi/open-stack.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';

const unsetFix = 'fix PULUMI_BACKEND_URL (and its credentials or PULUMI_CONFIG_PASSPHRASE), or unset it for the local file backend';

function checkFileBackend(ctx: ToolchainContext): ComponentStatus {
  const probe = join(ctx.paths.stateDir, `.write-probe-${process.pid}`);
  try {
    mkdirSync(ctx.paths.stateDir, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { ok: true, detail: `${ctx.backendUrl} writable` };
  } catch (error) {
    return {
      ok: false,
      detail: `${ctx.backendUrl} not writable: ${(error as Error).message}`,
      fix: ctx.env['PULUMI_BACKEND_URL'] ? unsetFix : 'set EPHEMERAL_CACHE_DIR to a writable folder',
    };
  }
}

async function checkRemoteBackend(ctx: ToolchainContext): Promise<ComponentStatus> {
  const shown = describeBackendUrl(ctx.backendUrl);
  try {
    const workspace = await LocalWorkspace.create(await workspaceOptions(ctx));
    const stacks = await workspace.listStacks();
    // Team mode: the locks and records tables answer, and the passphrase is the team's.
    await ctx.coordination.preflight();
    return { ok: true, detail: `${shown} answers (${stacks.length} stacks)${ctx.coordination.kind === 'postgres' ? ', team mode: locks and records in the same database, passphrase matches' : ''}` };
  } catch (error) {
    const lines = (error as Error).message.trim().split('\n').filter(Boolean);
    const remedy = error instanceof EphemeralError && error.remedy ? error.remedy : unsetFix;
    return { ok: false, detail: `${shown}${error instanceof EphemeralError ? '' : ' does not answer'}: ${lines.at(-1) ?? 'unknown error'}`, fix: remedy };
  }
}

export const stateBackend: Component = {
  name: 'state backend',
  inspect: async (ctx) => (isFileBackend(ctx.backendUrl) ? checkFileBackend(ctx) : checkRemoteBackend(ctx)),
};
