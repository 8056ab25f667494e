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

  /**
   * `succeeded` judges a result that resolved (a suite run that counted failures did not).
   * A phase is listed when it starts, so phases that overlap (suites of one stage, the
   * preview beside seed) read in the order the recipe started them.
   */
  async time<T>(name: string, work: () => Promise<T>, succeeded: (result: T) => boolean = () => true): Promise<T> {
    const record: PhaseRecord = { name, startedAt: new Date().toISOString(), seconds: 0, ok: false };
    this.phases.push(record);
    const started = performance.now();
    this.#progress(`${name} ...`);
    try {
      const result = await work();
      record.ok = succeeded(result);
      return result;
    } finally {
      record.seconds = (performance.now() - started) / 1000;
      this.#progress(`${name} ${record.ok ? 'done' : 'failed'} (${record.seconds.toFixed(1)}s)`);
    }
  }
}
