// Waits for containers to be ready by polling `docker inspect` every 100 ms: one call for
// every container someone waits on, so the waits cost one docker CLI process per tick.
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { inspectStateFormat, judgeContainer, parseInspectStates } from './container-state.ts';

interface Waiter {
  oneShot: boolean;
  deadline: number;
  resolve: (readyAt: number) => void;
  reject: (error: Error) => void;
}

export class HealthWatcher {
  readonly #waiters = new Map<string, Waiter>();
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal;
  #polling = false;

  constructor(options: { intervalMs: number; timeoutMs: number; signal: AbortSignal }) {
    this.#intervalMs = options.intervalMs;
    this.#timeoutMs = options.timeoutMs;
    this.#signal = options.signal;
  }

  /** Resolves with performance.now() when the container is healthy (a one-shot: exited 0). */
  waitFor(name: string, oneShot = false): Promise<number> {
    const ready = new Promise<number>((resolve, reject) => {
      this.#waiters.set(name, { oneShot, deadline: performance.now() + this.#timeoutMs, resolve, reject });
    });
    if (!this.#polling) void this.#poll();
    return ready;
  }

  async #poll(): Promise<void> {
    this.#polling = true;
    try {
      while (this.#waiters.size > 0) {
        const names = [...this.#waiters.keys()];
        // A container not created yet makes inspect exit 1; the others are still printed.
        const { stdout } = await execa('docker', ['inspect', '--format', inspectStateFormat, ...names], { reject: false, cancelSignal: this.#signal });
        const now = performance.now();
        const states = new Map(parseInspectStates(stdout).map((state) => [state.name, state]));
        for (const name of names) {
          const waiter = this.#waiters.get(name) as Waiter;
          const verdict = judgeContainer(states.get(name), waiter.oneShot);
          if (this.#signal.aborted) waiter.reject(new Error(`waiting for ${name}: aborted`));
          else if (verdict.kind === 'ready') waiter.resolve(now);
          else if (verdict.kind === 'failed') waiter.reject(new Error(`${name} ${verdict.reason}`));
          else if (now > waiter.deadline) waiter.reject(new Error(`${name} not ready after ${this.#timeoutMs / 1000}s`));
          else continue;
          this.#waiters.delete(name);
        }
        if (this.#waiters.size > 0) await sleep(this.#intervalMs);
      }
    } catch (error) {
      for (const waiter of this.#waiters.values()) waiter.reject(error as Error);
      this.#waiters.clear();
    } finally {
      this.#polling = false;
    }
  }
}
