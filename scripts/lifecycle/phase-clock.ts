// Times the phases of a run (start and duration) for progress lines and the summary.
export interface PhaseRecord {
  name: string;
  startedAt: string;
  seconds: number;
  ok: boolean;
}

export class PhaseClock {
  readonly phases: PhaseRecord[] = [];
  readonly #progress: (line: string) => void;

  constructor(progress: (line: string) => void) {
    this.#progress = progress;
  }

  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    this.#progress(`${name} ...`);
    let ok = false;
    try {
      const result = await work();
      ok = true;
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.phases.push({ name, startedAt, seconds, ok });
      this.#progress(`${name} ${ok ? 'done' : 'failed'} (${seconds.toFixed(1)}s)`);
    }
  }
}
