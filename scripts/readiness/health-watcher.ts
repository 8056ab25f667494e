// Waits for containers to be ready. Each tick inspects every container someone waits on
// (the engine's API: no process per look). Docker runs a health check only once per
// interval (the first one interval after start, and this engine predates start_interval),
// so while Docker still says "starting" the watcher runs the container's own health check
// command itself (an exec, as `docker exec` does): "ready" is still that check passing,
// seen a few hundred milliseconds after the service is up rather than one interval later.
// An exec costs the engine about 40 ms of CPU, and services start several at once on few
// cores, so a container is first probed once it has run for a probe interval, and then
// once per interval. On a busy host (several runs starting their stacks) every call takes
// longer, and the watcher waits in proportion before the next one: the looks cost the
// host a bounded share of its CPU instead of taking more of it the slower everything
// gets.
import { setTimeout as sleep } from 'node:timers/promises';
import { engineJson, execInContainer } from '../docker/engine-api.ts';
import { type ContainerState, type InspectedContainer, containerStateOf, judgeContainer } from './container-state.ts';

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
  /** How often the containers' states are looked at. */
  intervalMs: number;
  /** How long after its start a container is first probed, and how often after that. */
  probeIntervalMs?: number;
  timeoutMs: number;
  signal: AbortSignal;
}

/** A container's state, or undefined while it cannot be read (not created yet, removed, the engine busy): still waiting. */
async function inspectState(name: string, signal: AbortSignal): Promise<ContainerState | undefined> {
  try {
    return containerStateOf(await engineJson<InspectedContainer>('GET', `/containers/${encodeURIComponent(name)}/json`, { signal }));
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
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
    const result = await execInContainer(name, command, { timeoutMs, signal: this.#options.signal }).catch((error: unknown) => {
      if (this.#options.signal.aborted) throw error;
      // Gone or stopped meanwhile: the next look at its state tells.
      return { exitCode: undefined, output: (error as Error).message };
    });
    waiter.probeGapMs = Math.max(this.#options.probeIntervalMs, slowCallFactor * (performance.now() - waiter.probedAt));
    waiter.passed = result.exitCode === 0;
    waiter.lastProbe = result.exitCode === 0 ? undefined : `exit ${result.exitCode ?? 'none'}: ${result.output.trim().slice(0, 300)}`;
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    const { signal, intervalMs, probeIntervalMs, timeoutMs } = this.#options;
    try {
      while (this.#waiters.size > 0) {
        const names = [...this.#waiters.keys()];
        const asked = performance.now();
        const inspected = await Promise.all(names.map((name) => inspectState(name, signal)));
        const now = performance.now();
        const lookGapMs = Math.max(intervalMs, slowCallFactor * (now - asked));
        const states = new Map(inspected.flatMap((state) => (state ? [[state.name, state] as const] : [])));
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
