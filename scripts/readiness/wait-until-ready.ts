// Polls every probe until all are ready or the deadline passes; on timeout the error
// names each probe that was not ready with its last answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { EphemeralError, ExitCode } from '../errors.ts';
import type { ProbeResult, ReadinessProbe } from './probe.ts';

export interface ReadinessOptions {
  timeoutMs: number;
  intervalMs: number;
  signal: AbortSignal;
}

export async function waitUntilReady(probes: ReadinessProbe[], options: ReadinessOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const last = new Map<string, ProbeResult>();
  let pending = probes;
  while (pending.length > 0) {
    options.signal.throwIfAborted();
    const results = await Promise.all(pending.map(async (probe) => [probe, await probe.check(options.signal)] as const));
    for (const [probe, result] of results) last.set(probe.name, result);
    pending = results.filter(([, result]) => !result.ready).map(([probe]) => probe);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      const report = pending.map((probe) => `  ${probe.name}: ${last.get(probe.name)?.detail ?? 'no answer'}`).join('\n');
      throw new EphemeralError(`not ready after ${options.timeoutMs / 1000}s:\n${report}`, {
        code: 'E_NOT_READY',
        exitCode: ExitCode.provisionFailed,
        remedy: 'read the services’ logs (docker logs <name>) or the artifacts',
      });
    }
    await sleep(options.intervalMs, undefined, { signal: options.signal });
  }
}
