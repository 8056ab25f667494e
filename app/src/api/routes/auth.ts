// POST /auth/login exchanges email and password for a token; GET /me says who a token is.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, type Authenticator } from '../auth/authenticate.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import type { TokenService } from '../auth/tokens.ts';
import { parseInput, unauthorized } from '../http-errors.ts';
import type { UserStore } from '../store/users.ts';

const loginSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1_000),
});

export interface AuthRouteDependencies {
  users: UserStore;
  tokens: TokenService;
  authenticator: Authenticator;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDependencies): void {
  app.post('/auth/login', async (request) => {
    const { email, password } = parseInput(loginSchema, request.body);
    const user = await deps.users.findByEmail(email);
    const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
    if (!user || !valid) {
      request.log.info({ outcome: 'rejected' }, 'login');
      throw unauthorized('wrong email or password');
    }
    const { token, expiresAt } = await deps.tokens.issue(user);
    request.log.info({ outcome: 'accepted', userId: user.id }, 'login');
    return { token, expiresAt, user: { id: user.id, email: user.email, role: user.role } };
  });

  app.get('/me', { preHandler: deps.authenticator.requireUser }, async (request) => ({ user: currentUser(request) }));
}
