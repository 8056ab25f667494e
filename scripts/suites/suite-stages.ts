// The suites and the stages a run takes them in, as plain data for the runners, the
// option parsing and the benchmark's chart alike.

export type SuiteName = 'api' | 'data' | 'queue' | 'auth' | 'ui' | 'load';

/**
 * The order a run takes the suites in, as stages: the vitest suites, Playwright, then the
 * load phase. The suites of one stage run at once; a stage starts when the one before it
 * has ended. api, queue and auth only add data of their own (unique titles, their own test
 * ids), and mostly wait on the worker, so they share a stage. data restarts an api replica
 * and holds a table lock, ui takes the CPU for its browsers, load measures latency: each
 * of these runs alone.
 */
export const suiteStages: readonly (readonly SuiteName[])[] = [['api', 'queue', 'auth'], ['data'], ['ui'], ['load']];

export const allSuites: SuiteName[] = suiteStages.flat();
