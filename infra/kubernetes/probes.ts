// Probes per service, the Kubernetes form of infra/docker/health-checks.ts: the kubelet
// runs them itself (no exec cost for HTTP), so they can be frequent; readiness gates the
// Service endpoints, liveness restarts a hung process.
import type * as k8s from '@pulumi/kubernetes';

type Probe = k8s.types.input.core.v1.Probe;

export function httpReadiness(port: number): Probe {
  return { httpGet: { path: '/health', port }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 3 };
}

export function httpLiveness(port: number): Probe {
  return { httpGet: { path: '/health', port }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 };
}

export function postgresReadiness(user: string, database: string): Probe {
  return {
    exec: { command: ['pg_isready', '--host=127.0.0.1', `--username=${user}`, `--dbname=${database}`] },
    periodSeconds: 2,
    timeoutSeconds: 2,
  };
}

export function redisReadiness(): Probe {
  return {
    exec: { command: ['sh', '-c', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'] },
    periodSeconds: 2,
    timeoutSeconds: 2,
  };
}
