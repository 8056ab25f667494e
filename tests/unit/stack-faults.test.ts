import { describe, expect, it } from 'vitest';
import { faultNames, faults, isFaultName } from '../../infra/docker/faults.ts';
import { ephemeralStackConfig } from '../../infra/docker/stack-config.ts';

const request = { slug: 's', labels: {}, images: { postgres: 'p', redis: 'r', app: 'a' } };

describe('faults', () => {
  it('leaves the stack as production has it without a fault', () => {
    const config = ephemeralStackConfig(request);
    expect(config.fault).toBeUndefined();
    expect(config.workerReplicas).toBeGreaterThan(1);
    expect(config.dbPoolSize).toBeGreaterThan(1);
  });

  it('stops the workers for worker-stopped', () => {
    expect(ephemeralStackConfig({ ...request, fault: 'worker-stopped' }).workerReplicas).toBe(0);
  });

  it('shrinks the api pool to one connection for db-pool-1', () => {
    expect(ephemeralStackConfig({ ...request, fault: 'db-pool-1' }).dbPoolSize).toBe(1);
  });

  it('switches the app-side faults on through the environment of the faulty service', () => {
    expect(faults['api-leaks-items'].apiEnv).toEqual(['FAULT_API_LEAK_ITEMS=1']);
    expect(faults['worker-drops-jobs'].workerEnv).toEqual(['FAULT_WORKER_DROP_EVERY=3']);
    expect(faults['migration-breaks-old-rows'].migrateEnv).toEqual(['MIGRATIONS_PLANTED=1']);
  });

  it('knows its fault names', () => {
    expect(faultNames.every(isFaultName)).toBe(true);
    expect(isFaultName('disk-full')).toBe(false);
  });
});
