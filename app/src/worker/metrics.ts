// The worker's Prometheus metrics: jobs completed, failed attempts, parked jobs, durations.
import { Counter, Histogram, type Registry } from 'prom-client';

export interface WorkerMetrics {
  completed: Counter;
  failedAttempts: Counter;
  parked: Counter;
  duration: Histogram<'outcome'>;
}

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  return {
    completed: new Counter({ name: 'jobs_completed_total', help: 'Item jobs whose result was recorded', registers: [registry] }),
    failedAttempts: new Counter({
      name: 'jobs_failed_total',
      help: 'Item job attempts that failed (each retry counts)',
      registers: [registry],
    }),
    parked: new Counter({
      name: 'jobs_parked_total',
      help: 'Item jobs given up after MAX_ATTEMPTS and left in the failed set',
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'job_processing_duration_seconds',
      help: 'Time spent on one attempt of an item job, by outcome',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
