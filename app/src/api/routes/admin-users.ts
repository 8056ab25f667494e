// Admin-only user management: list users, create a user with a role (409 if the email is taken).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticate.ts';
import { hashPassword } from '../auth/passwords.ts';
import { HttpError, parseInput } from '../http-errors.ts';
import { DuplicateEmailError, type UserStore } from '../store/users.ts';

const createUserSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(8).max(1_000),
  role: z.enum(['user', 'admin']),
});

export interface AdminRouteDependencies {
  users: UserStore;
  authenticator: Authenticator;
}

export function registerAdminUserRoutes(app: FastifyInstance, deps: AdminRouteDependencies): void {
  const guarded = { preHandler: deps.authenticator.requireAdmin };

  app.get('/admin/users', guarded, async () => ({ users: await deps.users.list() }));

  app.post('/admin/users', guarded, async (request, reply) => {
    const input = parseInput(createUserSchema, request.body);
    try {
      const user = await deps.users.create({ email: input.email, role: input.role, passwordHash: await hashPassword(input.password) });
      request.log.info({ userId: user.id, role: user.role }, 'user created');
      return reply.code(201).send({ user });
    } catch (error) {
      if (error instanceof DuplicateEmailError) throw new HttpError(409, 'conflict', error.message);
      throw error;
    }
  });
}
