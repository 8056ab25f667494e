// The api's error vocabulary: HttpError carries a status and a stable code; input is
// parsed with zod into 400s; every error leaves as JSON { error, message, issues? }.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';

export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly issues: unknown;

  constructor(statusCode: number, code: string, message: string, issues?: unknown) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.issues = issues;
  }
}

// 404 for "exists but not yours" too, so ids of other users' items don't leak.
export const notFound = (what = 'resource'): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const unauthorized = (message: string): HttpError => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);

export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, where = 'body'): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new HttpError(400, 'invalid_input', `invalid request ${where}`, parsed.error.issues);
}

const CLIENT_ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url}` }),
  );

  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.statusCode === 401) void reply.header('www-authenticate', 'Bearer');
      const body = { error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) };
      return reply.code(error.statusCode).send(body);
    }
    // Fastify's own client errors: malformed JSON, wrong content type, body too large.
    const statusCode = typeof error === 'object' && error !== null && 'statusCode' in error ? Number(error.statusCode) : 500;
    if (statusCode >= 400 && statusCode < 500) {
      const message = error instanceof Error ? error.message : 'bad request';
      return reply.code(statusCode).send({ error: CLIENT_ERROR_CODES[statusCode] ?? 'bad_request', message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'internal error' });
  });
}
