// Known faults a stack can be deployed with (`ephemeral run --fault NAME`), so the suites can
// prove they catch real breakage. Each is off unless its variable is set; a role started
// with one on says so in a warn line, so the evidence names the fault too.
//
//   FAULT_WORKER_DROP_EVERY=n  the worker acknowledges every n-th job it takes without doing it
//   FAULT_API_LEAK_ITEMS=1     the api serves any item to any signed-in user (no owner check)
//
// Faults that need no code (no worker running, a database pool of 1) are set up by infra.

export interface ActiveFault {
  variable: string;
  effect: string;
}

/** The faults switched on in a role's parsed config, for its start-up log line. */
export function activeFaults(config: { FAULT_WORKER_DROP_EVERY?: number; FAULT_API_LEAK_ITEMS?: boolean }): ActiveFault[] {
  const faults: ActiveFault[] = [];
  const dropEvery = config.FAULT_WORKER_DROP_EVERY ?? 0;
  if (dropEvery > 0) {
    faults.push({ variable: 'FAULT_WORKER_DROP_EVERY', effect: `one job in ${dropEvery} is acknowledged without being done` });
  }
  if (config.FAULT_API_LEAK_ITEMS) {
    faults.push({ variable: 'FAULT_API_LEAK_ITEMS', effect: "any signed-in user is served any item, another user's included" });
  }
  return faults;
}

/**
 * FAULT_WORKER_DROP_EVERY: answers true for every `every`-th job this process takes
 * (0 turns the fault off). Counted per process, as a real bug in one replica would be.
 */
export function createJobDropper(every: number): () => boolean {
  let taken = 0;
  return () => {
    if (every <= 0) return false;
    taken += 1;
    return taken % every === 0;
  };
}
