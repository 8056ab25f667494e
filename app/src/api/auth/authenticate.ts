// Route guards: requireUser accepts a valid bearer token of a user who still exists;
// requireAdmin additionally wants the admin role. The user is looked up per request, so
// a deleted user or a changed role takes effect at once.
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../http-errors.ts';
import type { User, UserStore } from '../store/users.ts';
import { InvalidTokenError, type TokenService } from './tokens.ts';

export interface Authenticator {
  requireUser: (request: FastifyRequest) => Promise<void>;
  requireAdmin: (request: FastifyRequest) => Promise<void>;
}

const authenticatedUsers = new WeakMap<FastifyRequest, User>();

/** The user a guard admitted; only valid in routes behind requireUser or requireAdmin. */
export function currentUser(request: FastifyRequest): User {
  const user = authenticatedUsers.get(request);
  if (!user) throw new Error('currentUser called on a route without an authentication guard');
  return user;
}

export function bearerTokenOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw unauthorized('missing bearer token');
  return match[1]!;
}

export function createAuthenticator(tokens: TokenService, users: UserStore): Authenticator {
  const requireUser = async (request: FastifyRequest): Promise<void> => {
    let userId: string;
    try {
      userId = await tokens.verify(bearerTokenOf(request));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized(error.message);
      throw error;
    }
    const user = await users.findById(userId);
    if (!user) throw unauthorized('the token belongs to a user who no longer exists');
    authenticatedUsers.set(request, user);
  };

  return {
    requireUser,
    requireAdmin: async (request) => {
      await requireUser(request);
      if (currentUser(request).role !== 'admin') throw forbidden('admin role required');
    },
  };
}
