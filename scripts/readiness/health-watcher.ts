// Waits for containers to be ready. One `docker inspect` per tick covers every container
// someone waits on. Docker runs a health check only once per interval (the first one
// interval after start, and this engine predates start_interval), so while Docker still
// says "starting" the watcher runs the container's own health check command itself
// (`docker exec`): "ready" is still that check passing, seen a few hundred milliseconds
// after the service is up rather than one interval later. An exec costs the engine about
// 40 ms of CPU, and services start several at once on few cores, so a container is first
// probed once it has run for a probe interval, and then once per interval. On a busy host
// (several runs starting their stacks) every call takes longer, and the watcher waits in
// proportion before the next one: the looks cost the host a bounded share of its CPU
// instead of taking more of it the slower everything gets.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { inspectStateFormat, judgeContainer, parseInspectStates } from './container-state.ts';

/** A call that took d waits at least slowCallFactor × d before the next: at most a third of the time is spent looking. */
const slowCallFactor = 3;

interface Waiter {
  oneShot: boolean;
  deadline: number;
  resolve: (readyAt: number) => void;
  reject: (error: Error) => void;
  /** When the watcher's own probe last ran, and what it said when it failed. */
  probedAt: number;
  /** How long after its last probe the next one may run: the interval, or more when probes are slow. */
  probeGapMs: number;
  lastProbe: string | undefined;
  passed: boolean;
}

export interface HealthWatcherOptions {
  /** How often `docker inspect` looks. */
  intervalMs: number;
  /** How long after its start a container is first probed, and how often after that. */
  probeIntervalMs?: number;
  timeoutMs: number;
  signal: AbortSignal;
}

export class HealthWatcher {
  readonly #waiters = new Map<string, Waiter>();
  readonly #options: Required<HealthWatcherOptions>;
  #polling = false;

  constructor(options: HealthWatcherOptions) {
    this.#options = { probeIntervalMs: 400, ...options };
  }

  /** Resolves with performance.now() when the container is healthy (a one-shot: exited 0). */
  waitFor(name: string, oneShot = false): Promise<number> {
    const ready = new Promise<number>((resolve, reject) => {
      const deadline = performance.now() + this.#options.timeoutMs;
      this.#waiters.set(name, { oneShot, deadline, resolve, reject, probedAt: 0, probeGapMs: this.#options.probeIntervalMs, lastProbe: undefined, passed: false });
    });
    if (!this.#polling) void this.#poll();
    return ready;
  }

  /** Runs the health check in the container; a pass counts as ready. */
  async #probe(name: string, waiter: Waiter, command: string[], timeoutMs: number): Promise<void> {
    waiter.probedAt = performance.now();
    const result = await execa('docker', ['exec', name, ...command], {
      reject: false,
      all: true,
      timeout: timeoutMs,
      cancelSignal: this.#options.signal,
    });
    waiter.probeGapMs = Math.max(this.#options.probeIntervalMs, slowCallFactor * (performance.now() - waiter.probedAt));
    waiter.passed = result.exitCode === 0;
    waiter.lastProbe = result.exitCode === 0 ? undefined : `exit ${result.exitCode ?? 'none'}: ${(result.all ?? '').trim().slice(0, 300)}`;
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    const { signal, intervalMs, probeIntervalMs, timeoutMs } = this.#options;
    try {
      while (this.#waiters.size > 0) {
        const names = [...this.#waiters.keys()];
        // A container not created yet makes inspect exit 1; the others are still printed.
        const asked = performance.now();
        const { stdout } = await execa('docker', ['inspect', '--format', inspectStateFormat, ...names], { reject: false, cancelSignal: signal });
        const now = performance.now();
        const lookGapMs = Math.max(intervalMs, slowCallFactor * (now - asked));
        const states = new Map(parseInspectStates(stdout).map((state) => [state.name, state]));
        const probes: Promise<void>[] = [];
        for (const name of names) {
          const waiter = this.#waiters.get(name) as Waiter;
          const state = states.get(name);
          const verdict = judgeContainer(state, waiter.oneShot);
          if (signal.aborted) waiter.reject(new Error(`waiting for ${name}: aborted`));
          else if (verdict.kind === 'ready' || (verdict.kind === 'probe' && waiter.passed)) waiter.resolve(now);
          else if (verdict.kind === 'failed') waiter.reject(new Error(`${name} ${verdict.reason}`));
          else if (now > waiter.deadline) {
            const last = waiter.lastProbe ?? state?.lastProbe;
            waiter.reject(new Error(`${name} not ready after ${timeoutMs / 1000}s${last ? ` (health check: ${last})` : ''}`));
          } else {
            const uptime = Date.now() - (state?.startedAt ?? Date.now());
            if (verdict.kind === 'probe' && uptime >= probeIntervalMs && now - waiter.probedAt >= waiter.probeGapMs) {
              probes.push(this.#probe(name, waiter, verdict.command, state?.healthTimeoutMs ?? timeoutMs));
            }
            continue;
          }
          this.#waiters.delete(name);
        }
        // A probe that passed is taken on the next tick, together with a fresh state.
        if (probes.length > 0) await Promise.all(probes);
        else if (this.#waiters.size > 0) await sleep(lookGapMs, undefined, { signal });
      }
    } catch (error) {
      for (const [name, waiter] of this.#waiters) waiter.reject(signal.aborted ? new Error(`waiting for ${name}: aborted`) : (error as Error));
      this.#waiters.clear();
    } finally {
      this.#polling = false;
    }
  }
}
