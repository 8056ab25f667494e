// The fastify instance every HTTP role starts from: JSON logs through the role's pino
// logger, a request id (a well-formed incoming x-request-id, else a new UUID) echoed in
// every response, and the caller's x-test-id on every log line of the request.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from './logger.ts';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const TEST_ID_MAX_LENGTH = 200;

/** The x-test-id header, if any, trimmed to a length safe to log. */
export function testIdFrom(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['x-test-id'];
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, TEST_ID_MAX_LENGTH);
}

export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const value = headers['x-request-id'];
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

export function createHttpServer(logger: Logger): FastifyInstance {
  // Typed as fastify's logger so the instance keeps the default FastifyInstance type.
  const loggerInstance: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (request) => requestIdFrom(request.headers),
    childLoggerFactory: (parent, bindings, options, rawRequest) =>
      parent.child({ ...bindings, testId: testIdFrom(rawRequest.headers) }, options),
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  return app;
}

/**
 * Clients often send content-type: application/json on every request, DELETE included;
 * an empty body then means "no body", not a malformed one. (Not for the web role: its
 * proxy brings its own parsers.)
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') done(null, undefined);
    else void parseJson(request, text, done);
  });
}
