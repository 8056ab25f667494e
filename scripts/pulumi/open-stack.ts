// Opens a stack of an inline program with the pinned CLI, our PULUMI_HOME and the
// file backend. Inline programs run inside this process: no language host, no second
// Node process, no TypeScript compile.
import { mkdirSync } from 'node:fs';
import {
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type PulumiFn,
  type Stack,
  StackAlreadyExistsError,
  StackNotFoundError,
} from '@pulumi/pulumi/automation/index.js';
import type { ToolchainContext } from '../components/component.ts';
import { isFileBackend } from '../config/state-backend.ts';
import { pulumiEnv } from '../toolchain/pulumi-env.ts';
import { passphraseFile } from './passphrase.ts';
import { pulumiCommandAt } from './pulumi-command.ts';

export const projectName = 'ephemeral';

export interface OpenStackRequest {
  toolchain: ToolchainContext;
  stackName: string;
  program: PulumiFn;
}

/** The options of every workspace the tool opens: `run`, `list`, `gc` and `doctor` alike. */
export async function workspaceOptions(toolchain: ToolchainContext): Promise<LocalWorkspaceOptions> {
  const { paths, env, backendUrl } = toolchain;
  if (isFileBackend(backendUrl)) mkdirSync(paths.stateDir, { recursive: true });
  // The bootstrap already checked the version, through the same command.
  const pulumiCommand = await pulumiCommandAt(paths.pulumiRoot);
  return {
    pulumiCommand,
    pulumiHome: paths.pulumiHome,
    // The backend also goes to the CLI's environment: the project setting alone loses to
    // an inherited PULUMI_BACKEND_URL.
    envVars: {
      ...pulumiEnv(paths, env),
      PULUMI_BACKEND_URL: backendUrl,
      // A passphrase given in the environment (a shared backend's) wins over the machine's own file.
      ...(env['PULUMI_CONFIG_PASSPHRASE'] ? { PULUMI_CONFIG_PASSPHRASE: env['PULUMI_CONFIG_PASSPHRASE'] } : { PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile(paths, env) }),
    },
    projectSettings: { name: projectName, runtime: 'nodejs' as const, backend: { url: backendUrl } },
  };
}

/** Creates the stack, or selects it when it exists (a re-run of `up`, a kept preview). */
export async function openStack(request: OpenStackRequest): Promise<Stack> {
  const args = { projectName, stackName: request.stackName, program: request.program };
  const options = await workspaceOptions(request.toolchain);
  try {
    // Create first: for a fresh branch this saves the failed `select` of createOrSelectStack.
    return await LocalWorkspace.createStack(args, options);
  } catch (error) {
    if (!(error instanceof StackAlreadyExistsError)) throw error;
    return LocalWorkspace.selectStack(args, options);
  }
}

/** Selects a stack that exists, or returns undefined (for `down` of a branch with none). */
export async function selectExistingStack(request: OpenStackRequest): Promise<Stack | undefined> {
  const args = { projectName, stackName: request.stackName, program: request.program };
  try {
    return await LocalWorkspace.selectStack(args, await workspaceOptions(request.toolchain));
  } catch (error) {
    if (error instanceof StackNotFoundError) return undefined;
    throw error;
  }
}
