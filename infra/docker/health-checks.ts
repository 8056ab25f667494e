// Health checks per service. Each probe is a `docker exec`, which costs the engine about
// 40 ms of CPU whatever it runs: at one probe a second, a stack's seven checks would
// keep a third of a core busy for the life of the environment. So Docker checks every
// 5 s, and whoever waits for readiness runs the same check itself while Docker still
// says "starting" (scripts/readiness/health-watcher.ts): ready within a few hundred
// milliseconds of the service being up, at next to no cost afterwards. The probes
// themselves are as cheap as the exec: no Node start per probe.
import type * as docker from '@pulumi/docker';

type HealthCheck = docker.types.input.ContainerHealthcheck;

// Durations are written as Go prints them ("30s", not "60s", which reads back as
// "1m0s"): the provider compares strings, and a mismatch is a diff on every preview.
const timing = { interval: '5s', timeout: '3s', retries: 3, startPeriod: '30s' };

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
