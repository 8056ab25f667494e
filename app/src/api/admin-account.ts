// The admin user named by ADMIN_EMAIL/ADMIN_PASSWORD exists with that password after every
// start; safe when several api instances start at once.
import { hashPassword, verifyPassword } from './auth/passwords.ts';
import type { User, UserStore } from './store/users.ts';

export async function ensureAdminUser(users: UserStore, email: string, password: string): Promise<User> {
  const existing = await users.findByEmail(email);
  if (existing?.role === 'admin' && (await verifyPassword(password, existing.passwordHash))) {
    return { id: existing.id, email: existing.email, role: existing.role, createdAt: existing.createdAt };
  }
  return users.upsertAdmin(email, await hashPassword(password));
}
