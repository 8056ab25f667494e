// Known faults a stack can be deployed with (`--fault NAME`), to prove that the suites
// catch real breakage. Each is a change of config or environment, nothing else.
export const faultNames = ['worker-stopped', 'worker-drops-jobs', 'api-leaks-items', 'db-pool-1', 'migration-breaks-old-rows'] as const;
export type FaultName = (typeof faultNames)[number];

export interface FaultEffect {
  /** The service the fault is planted in, for the summary. */
  service: 'api' | 'worker' | 'migrate';
  workerReplicas?: number;
  dbPoolSize?: number;
  apiEnv: string[];
  workerEnv: string[];
  migrateEnv?: string[];
}

export const faults: Record<FaultName, FaultEffect> = {
  'worker-stopped': { service: 'worker', workerReplicas: 0, apiEnv: [], workerEnv: [] },
  'worker-drops-jobs': { service: 'worker', apiEnv: [], workerEnv: ['FAULT_WORKER_DROP_EVERY=3'] },
  'api-leaks-items': { service: 'api', apiEnv: ['FAULT_API_LEAK_ITEMS=1'], workerEnv: [] },
  'db-pool-1': { service: 'api', dbPoolSize: 1, apiEnv: [], workerEnv: [] },
  // A migration that applies to an empty database and fails over rows an older version
  // wrote (app/migrations-planted/): the upgrade path must catch it, a clean run cannot.
  'migration-breaks-old-rows': { service: 'migrate', apiEnv: [], workerEnv: [], migrateEnv: ['MIGRATIONS_PLANTED=1'] },
};

export function isFaultName(name: string): name is FaultName {
  return (faultNames as readonly string[]).includes(name);
}
