// A Docker engine that answers: a running one is used as it is; as root on Debian,
// docker.io is installed and dockerd started, then polled until it answers.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { engineEndpoint } from '../docker/engine-api.ts';
import { EphemeralError, ExitCode } from '../errors.ts';
import { aptInstall, commandExists } from './apt.ts';
import type { Component, ComponentStatus, ToolchainContext } from './component.ts';

const engineFix =
  'start your Docker engine (as root on Debian: apt-get install -y docker.io && dockerd &), or point DOCKER_HOST at one';

export async function dockerServerVersion(): Promise<string | undefined> {
  const result = await execa('docker', ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})'], {
    reject: false,
    timeout: 10_000,
  });
  return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

async function waitForEngine(timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const version = await dockerServerVersion();
    if (version) return version;
    await sleep(250);
  }
  return undefined;
}

function startDockerd(logFile: string): void {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = openSync(logFile, 'a');
  // Detached in its own session so the engine outlives this process, as a service would.
  spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] }).unref();
  closeSync(log);
}

export const dockerEngine: Component = {
  name: 'docker engine',

  async inspect(ctx): Promise<ComponentStatus> {
    // The engine the tool and the provider talk to: a DOCKER_HOST they cannot use is not fixed by installing one.
    try {
      engineEndpoint(ctx.env);
    } catch (error) {
      if (error instanceof EphemeralError) return { ok: false, detail: error.message, ...(error.remedy ? { fix: error.remedy } : {}) };
      throw error;
    }
    if (!(await commandExists('docker'))) return { ok: false, detail: 'docker CLI not found', fix: engineFix };
    const version = await dockerServerVersion();
    return version ? { ok: true, detail: version } : { ok: false, detail: 'engine not reachable', fix: engineFix };
  },

  async install(ctx: ToolchainContext): Promise<ComponentStatus> {
    engineEndpoint(ctx.env);
    if (!ctx.canInstallSystemPackages) {
      throw new EphemeralError('no Docker engine answers, and this user cannot install or start one', {
        code: 'E_DOCKER_ENGINE',
        exitCode: ExitCode.provisionFailed,
        remedy: engineFix,
      });
    }
    if (!(await commandExists('dockerd')) || !(await commandExists('docker'))) {
      await aptInstall(['docker.io'], `${ctx.logDir}/apt.log`);
    }
    startDockerd(ctx.paths.dockerdLog);
    const version = await waitForEngine(60_000);
    if (!version) {
      throw new EphemeralError('dockerd was started but did not answer within 60 s', {
        code: 'E_DOCKER_ENGINE',
        exitCode: ExitCode.provisionFailed,
        remedy: `read ${ctx.paths.dockerdLog}`,
      });
    }
    return { ok: true, detail: `${version} (dockerd started, log ${ctx.paths.dockerdLog})` };
  },
};
