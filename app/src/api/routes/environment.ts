// GET /env: which stack this api serves, so the seed and the suites can refuse to write
// into the wrong environment. Public on purpose.
import type { FastifyInstance } from 'fastify';

export function registerEnvironmentRoutes(app: FastifyInstance, stackName: string): void {
  app.get('/env', async () => ({ stack: stackName }));
}
