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

  /** `succeeded` judges a result that resolved (a suite run that counted failures did not). */
  async time<T>(name: string, work: () => Promise<T>, succeeded: (result: T) => boolean = () => true): Promise<T> {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    this.#progress(`${name} ...`);
    let ok = false;
    try {
      const result = await work();
      ok = succeeded(result);
      return result;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      this.phases.push({ name, startedAt, seconds, ok });
      this.#progress(`${name} ${ok ? 'done' : 'failed'} (${seconds.toFixed(1)}s)`);
    }
  }
}
