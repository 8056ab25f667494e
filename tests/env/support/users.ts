// Fresh users made through the admin API, for tests that need a list of items nobody else
// writes to: suites of one stage run at once and share the seeded people.
import type { HttpClient } from './http-client.ts';
import { type Session, signIn, uniqueTitle } from './items.ts';

/** A body for POST /admin/users with an address no other test or run uses. */
export function newUserBody(label: string): { email: string; password: string; role: 'user' } {
  return { email: `${uniqueTitle(label).replace(/\s+/g, '-')}@example.test`, password: `${label}-dev-password`, role: 'user' };
}

/** Creates a user as `admin` and signs it in. */
export async function createFreshUser(client: HttpClient, admin: Session, label: string): Promise<Session> {
  const body = newUserBody(label);
  const created = await client.post('/admin/users', body, { token: admin.token });
  if (created.status !== 201) throw new Error(`POST /admin/users as ${admin.user.email} answered ${created.status}`);
  return signIn(client, body);
}
