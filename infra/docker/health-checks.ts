// Health checks per service. Each probe is a `docker exec`, which costs the engine, its
// runtime and the probe about 50 ms of CPU whatever it runs. Readiness never waits on
// Docker's own schedule: while Docker still says "starting", whoever waits runs the same
// check itself (scripts/readiness/health-watcher.ts), ready within a few hundred
// milliseconds of the service being up. After that Docker's checks only keep the status
// that `docker ps` and a failure report show, so they run at Docker's default pace of
// 30 s: at 5 s the stack's seven checks kept 7 % of a core busy for the life of every
// environment (an idle one used 4.7 core-seconds in 30 s), which four environments on
// one host pay four times over. The probes themselves are as cheap as the exec: no Node
// start per probe.
import type * as docker from '@pulumi/docker';

type HealthCheck = docker.types.input.ContainerHealthcheck;

// Durations are written as Go prints them ("30s", not "60s", which reads back as
// "1m0s"): the provider compares strings, and a mismatch is a diff on every preview.
const timing = { interval: '30s', timeout: '3s', retries: 3, startPeriod: '30s' };

export function postgresHealthCheck(user: string, database: string): HealthCheck {
  return { tests: ['CMD', 'pg_isready', '--host=127.0.0.1', `--username=${user}`, `--dbname=${database}`], ...timing };
}

export function redisHealthCheck(): HealthCheck {
  return { tests: ['CMD-SHELL', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'], ...timing };
}

/**
 * GET /health over bash's /dev/tcp, builtins only (the app images have no curl, and a
 * Node start per probe costs ~100 ms of CPU): healthy when the status line says 200.
 */
export function httpHealthCheck(port: number): HealthCheck {
  const probe = [
    `exec 3<>/dev/tcp/127.0.0.1/${port}`,
    `printf 'GET /health HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3`,
    'read -r status <&3',
    `[[ $status == *' 200 '* ]]`,
  ].join(' && ');
  return { tests: ['CMD', 'bash', '-c', probe], ...timing };
}
