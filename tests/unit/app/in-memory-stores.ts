// In-memory stand-ins for the api's stores and job queue, so the HTTP layer can be tested
// without PostgreSQL or Redis.
import { randomUUID } from 'node:crypto';
import type { ItemJobs } from '../../../app/src/api/item-jobs.ts';
import type { Item, ItemStore } from '../../../app/src/api/store/items.ts';
import { DuplicateEmailError, type User, type UserStore, type UserWithPassword } from '../../../app/src/api/store/users.ts';
import type { ItemJobData } from '../../../app/src/shared/queue.ts';

export function createInMemoryUsers(): UserStore & { rows: UserWithPassword[] } {
  const rows: UserWithPassword[] = [];
  const publicUser = ({ passwordHash: _hash, ...user }: UserWithPassword): User => user;
  return {
    rows,
    async findByEmail(email) {
      return rows.find((row) => row.email === email.toLowerCase());
    },
    async findById(id) {
      const row = rows.find((candidate) => candidate.id === id);
      return row ? publicUser(row) : undefined;
    },
    async list() {
      return rows.map(publicUser);
    },
    async create(user) {
      const email = user.email.toLowerCase();
      if (rows.some((row) => row.email === email)) throw new DuplicateEmailError(email);
      const row = { id: randomUUID(), email, role: user.role, passwordHash: user.passwordHash, createdAt: new Date().toISOString() };
      rows.push(row);
      return publicUser(row);
    },
    async upsertAdmin(email, passwordHash) {
      const existing = rows.find((row) => row.email === email);
      if (existing) Object.assign(existing, { passwordHash, role: 'admin' });
      return existing ? publicUser(existing) : this.create({ email, passwordHash, role: 'admin' });
    },
  };
}

export function createInMemoryItems(): ItemStore & { rows: Item[] } {
  const rows: Item[] = [];
  return {
    rows,
    async list(ownerId, limit) {
      return rows
        .filter((row) => ownerId === undefined || row.ownerId === ownerId)
        .slice(0, limit)
        .map((row) => ({ ...row, resultStatus: 'pending' as const, resultAttempts: 0 }));
    },
    async find(id) {
      return rows.find((row) => row.id === id);
    },
    async create(ownerId, fields) {
      const now = new Date().toISOString();
      const item = { id: randomUUID(), ownerId, ...fields, revision: 1, createdAt: now, updatedAt: now };
      rows.unshift(item);
      return item;
    },
    async update(id, changes) {
      const row = rows.find((candidate) => candidate.id === id);
      if (!row) return undefined;
      Object.assign(row, { ...changes, revision: row.revision + 1 });
      return row;
    },
    async delete(id) {
      const index = rows.findIndex((row) => row.id === id);
      if (index >= 0) rows.splice(index, 1);
      return index >= 0;
    },
    async findResult(id) {
      return rows.some((row) => row.id === id)
        ? { status: 'pending', attempts: 0, processedCount: 0, updatedAt: new Date().toISOString() }
        : undefined;
    },
  };
}

export function createRecordingJobs(): ItemJobs & { enqueued: ItemJobData[]; failNext: boolean } {
  const jobs = {
    enqueued: [] as ItemJobData[],
    failNext: false,
    async enqueue(data: ItemJobData) {
      if (jobs.failNext) throw new Error('redis is down');
      jobs.enqueued.push(data);
      return `${data.itemId}-r${data.revision}`;
    },
  };
  return jobs;
}
