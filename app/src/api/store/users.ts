// The users table: look-ups for login and authentication, the admin's user management,
// and the idempotent creation of the admin user at start.
import { isUniqueViolation, type Pool } from '../../shared/db.ts';
import type { Role } from '../auth/tokens.ts';

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  role: Role;
}

export interface UserStore {
  findByEmail(email: string): Promise<UserWithPassword | undefined>;
  findById(id: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  /** Throws DuplicateEmailError when the email is taken. */
  create(user: NewUser): Promise<User>;
  /** Creates the user as admin, or resets an existing one's password and role. */
  upsertAdmin(email: string, passwordHash: string): Promise<User>;
}

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

interface UserRow {
  id: string;
  email: string;
  role: Role;
  created_at: Date;
  password_hash: string;
}

const COLUMNS = 'id, email, role, created_at, password_hash';

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  role: row.role,
  createdAt: row.created_at.toISOString(),
});

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createUserStore(pool: Pool): UserStore {
  return {
    async findByEmail(email) {
      const { rows } = await pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [normalizeEmail(email)]);
      const row = rows[0];
      return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
    },

    async findById(id) {
      const { rows } = await pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0] ? toUser(rows[0]) : undefined;
    },

    async list() {
      const { rows } = await pool.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_at, email`);
      return rows.map(toUser);
    },

    async create(user) {
      const email = normalizeEmail(user.email);
      try {
        const { rows } = await pool.query<UserRow>(
          `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [email, user.passwordHash, user.role],
        );
        return toUser(rows[0]!);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateEmailError(email);
        throw error;
      }
    },

    async upsertAdmin(email, passwordHash) {
      const { rows } = await pool.query<UserRow>(
        `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'admin')
         ON CONFLICT (email) DO UPDATE
           SET password_hash = EXCLUDED.password_hash, role = 'admin', updated_at = now()
         RETURNING ${COLUMNS}`,
        [normalizeEmail(email), passwordHash],
      );
      return toUser(rows[0]!);
    },
  };
}
