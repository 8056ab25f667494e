// Health endpoints: run named dependency checks in parallel and answer 200 when all pass,
// 503 naming each failed check otherwise.
import type { FastifyInstance } from 'fastify';

export type HealthCheck = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'failing';
  checks: Record<string, 'ok' | 'failed'>;
  errors?: Record<string, string>;
}

export async function runHealthChecks(checks: Record<string, HealthCheck>): Promise<HealthReport> {
  const names = Object.keys(checks);
  const outcomes = await Promise.allSettled(names.map((name) => checks[name]!()));
  const report: HealthReport = { status: 'ok', checks: {} };
  outcomes.forEach((outcome, index) => {
    const name = names[index]!;
    if (outcome.status === 'fulfilled') {
      report.checks[name] = 'ok';
      return;
    }
    report.status = 'failing';
    report.checks[name] = 'failed';
    const reason: unknown = outcome.reason;
    report.errors = { ...report.errors, [name]: reason instanceof Error ? reason.message : String(reason) };
  });
  return report;
}

export function registerHealthRoute(app: FastifyInstance, checks: Record<string, HealthCheck>): void {
  // Readiness probes call this every second or so; keep it out of the info log.
  app.get('/health', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await runHealthChecks(checks);
    if (report.status !== 'ok') app.log.warn({ health: report }, 'health check failing');
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
}
