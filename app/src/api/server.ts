// Assembles the api's HTTP server from its dependencies (stores, queue, tokens, checks),
// so tests can build it with fakes and main.ts with the real database and Redis.
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerHealthRoute, type HealthCheck } from '../shared/health.ts';
import { instrumentHttp } from '../shared/http-metrics.ts';
import { acceptEmptyJsonBodies, createHttpServer } from '../shared/http-server.ts';
import type { Logger } from '../shared/logger.ts';
import { createAuthenticator } from './auth/authenticate.ts';
import type { TokenService } from './auth/tokens.ts';
import { registerErrorHandling } from './http-errors.ts';
import type { ItemJobs } from './item-jobs.ts';
import { registerAdminUserRoutes } from './routes/admin-users.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerEnvironmentRoutes } from './routes/environment.ts';
import { registerItemRoutes } from './routes/items.ts';
import type { ItemStore } from './store/items.ts';
import type { UserStore } from './store/users.ts';

export interface ApiDependencies {
  stackName: string;
  logger: Logger;
  users: UserStore;
  items: ItemStore;
  jobs: ItemJobs;
  tokens: TokenService;
  healthChecks: Record<string, HealthCheck>;
  metrics: Registry;
  /** Injected faults (shared/faults.ts); all off when absent. */
  faults?: { leakItems?: boolean };
}

export function buildApiServer(deps: ApiDependencies): FastifyInstance {
  const app = createHttpServer(deps.logger);
  const authenticator = createAuthenticator(deps.tokens, deps.users);
  acceptEmptyJsonBodies(app);
  registerErrorHandling(app);
  instrumentHttp(app, deps.metrics);
  registerHealthRoute(app, deps.healthChecks);
  registerEnvironmentRoutes(app, deps.stackName);
  registerAuthRoutes(app, { users: deps.users, tokens: deps.tokens, authenticator });
  registerItemRoutes(app, { items: deps.items, jobs: deps.jobs, authenticator, leakItems: deps.faults?.leakItems ?? false });
  registerAdminUserRoutes(app, { users: deps.users, authenticator });
  return app;
}
