// The known data every environment is seeded with. Dev-only passwords: the suites log in
// with them, so they are constants here and never secrets.
export type SeedRole = 'user' | 'admin';

export interface SeedUser {
  email: string;
  password: string;
  role: SeedRole;
}

export interface SeedItem {
  ownerEmail: string;
  title: string;
  body: string;
}

export const ALICE_PASSWORD = 'alice-dev-password';
export const BOB_PASSWORD = 'bob-dev-password';
export const CAROL_PASSWORD = 'carol-dev-password';

export const SEED_USERS: readonly SeedUser[] = [
  { email: 'alice@example.test', password: ALICE_PASSWORD, role: 'user' },
  { email: 'bob@example.test', password: BOB_PASSWORD, role: 'user' },
  { email: 'carol@example.test', password: CAROL_PASSWORD, role: 'admin' },
];

export const SEED_ITEMS: readonly SeedItem[] = [
  { ownerEmail: 'alice@example.test', title: 'Seed: shopping list', body: 'milk eggs bread coffee' },
  { ownerEmail: 'alice@example.test', title: 'Seed: reading list', body: 'one two three' },
  { ownerEmail: 'bob@example.test', title: 'Seed: bob notes', body: 'hello from bob' },
];
