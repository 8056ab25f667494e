// Health checks per service. Docker runs the first probe only after one interval (the
// engine here predates start_interval), so the interval is short: readiness shows up
// within about a second of the service being up.
import type * as docker from '@pulumi/docker';

type HealthCheck = docker.types.input.ContainerHealthcheck;

// Durations are written as Go prints them ("30s", not "60s", which reads back as
// "1m0s"): the provider compares strings, and a mismatch is a diff on every preview.
const fast = { interval: '1s', timeout: '3s', retries: 5, startPeriod: '30s' };
// pg_isready and redis-cli cost next to nothing: probe the data services twice as often.
const faster = { ...fast, interval: '500ms' };

export function postgresHealthCheck(user: string, database: string): HealthCheck {
  return { tests: ['CMD', 'pg_isready', '--host=127.0.0.1', `--username=${user}`, `--dbname=${database}`], ...faster };
}

export function redisHealthCheck(): HealthCheck {
  return { tests: ['CMD-SHELL', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'], ...faster };
}

/**
 * The app images have no curl (nor have the official Node images): Node's fetch asks the
 * service's own /health. A Node start per probe costs ~50 ms of CPU, hence 1 s.
 */
export function httpHealthCheck(port: number): HealthCheck {
  const probe = `fetch('http://127.0.0.1:${port}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;
  return { tests: ['CMD', 'node', '-e', probe], ...fast };
}
