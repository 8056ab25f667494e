// The web role: serves the pages a person opens and proxies /api/* to the api.
import { parseConfig, webConfigSchema } from '../shared/config.ts';
import { createMetricsRegistry } from '../shared/http-metrics.ts';
import { createLifecycle } from '../shared/lifecycle.ts';
import { createLogger } from '../shared/logger.ts';
import { startRole } from '../shared/start-role.ts';
import { buildWebServer } from './server.ts';

async function serveWeb(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig('web', webConfigSchema, process.env);
  const instance = config.INSTANCE_NAME;
  const logger = createLogger({ role: 'web', level: config.LOG_LEVEL, ...(instance ? { instance } : {}) });
  const lifecycle = createLifecycle(logger);
  const app = await buildWebServer({ apiURL: config.API_URL, logger, metrics: createMetricsRegistry('web') });
  lifecycle.defer(() => app.close());
  await app.listen({ host: '0.0.0.0', port: config.PORT });
  logger.info({ port: config.PORT, apiURL: config.API_URL, startupMs: Math.round(performance.now() - startedAt) }, 'web ready');
}

startRole('web', serveWeb);
