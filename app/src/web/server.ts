// Assembles the web server: the two pages, the /api proxy to the api (headers such as
// Authorization and x-test-id pass through; the request id is forwarded), health, metrics.
import proxy from '@fastify/http-proxy';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerHealthRoute } from '../shared/health.ts';
import { instrumentHttp } from '../shared/http-metrics.ts';
import { createHttpServer } from '../shared/http-server.ts';
import type { Logger } from '../shared/logger.ts';
import { withTimeout } from '../shared/wait-until-ready.ts';
import { renderItemsPage } from './pages/items-page.ts';
import { renderLoginPage } from './pages/login-page.ts';

export interface WebDependencies {
  apiURL: string;
  logger: Logger;
  metrics: Registry;
}

export async function checkApiHealth(apiURL: string, timeoutMs = 2_000): Promise<void> {
  const response = await withTimeout(fetch(`${apiURL}/health`, { signal: AbortSignal.timeout(timeoutMs) }), timeoutMs, 'api health');
  if (!response.ok) throw new Error(`api /health answered ${response.status}`);
}

export async function buildWebServer(deps: WebDependencies): Promise<FastifyInstance> {
  const apiURL = deps.apiURL.replace(/\/+$/, '');
  const app = createHttpServer(deps.logger);
  instrumentHttp(app, deps.metrics);
  registerHealthRoute(app, { api: () => checkApiHealth(apiURL) });

  const loginPage = renderLoginPage();
  const itemsPage = renderItemsPage();
  const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  app.get('/', async (_request, reply) => reply.headers(html).send(loginPage));
  app.get('/items', async (_request, reply) => reply.headers(html).send(itemsPage));
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  await app.register(proxy, {
    upstream: apiURL,
    prefix: '/api',
    rewritePrefix: '',
    replyOptions: {
      rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-request-id': request.id }),
    },
  });
  return app;
}
