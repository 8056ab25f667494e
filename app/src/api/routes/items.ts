// The items API: a user's own items (an admin sees all), each write enqueueing the
// worker's job, and the worker's result as stored in the database.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { testIdFrom } from '../../shared/http-server.ts';
import { currentUser, type Authenticator } from '../auth/authenticate.ts';
import { HttpError, notFound, parseInput } from '../http-errors.ts';
import type { ItemJobs } from '../item-jobs.ts';
import type { Item, ItemStore } from '../store/items.ts';

const title = z.string().trim().min(1).max(200);
const body = z.string().max(10_000);
const createItemSchema = z.object({ title, body: body.optional() });
const updateItemSchema = z
  .object({ title: title.optional(), body: body.optional() })
  .refine((changes) => changes.title !== undefined || changes.body !== undefined, 'give a title, a body or both');
const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });
const itemParamsSchema = z.object({ id: z.string() });
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ItemRouteDependencies {
  items: ItemStore;
  jobs: ItemJobs;
  authenticator: Authenticator;
  /** FAULT_API_LEAK_ITEMS (shared/faults.ts): skip the owner check on reads, writes and lists. */
  leakItems?: boolean;
}

export function registerItemRoutes(app: FastifyInstance, deps: ItemRouteDependencies): void {
  const { items, jobs } = deps;
  const ownerCheck = !deps.leakItems;
  const guarded = { preHandler: deps.authenticator.requireUser };

  /** The item, if the caller owns it or is an admin; 404 otherwise, whether or not it exists. */
  const accessibleItem = async (request: FastifyRequest): Promise<Item> => {
    const { id } = parseInput(itemParamsSchema, request.params, 'path');
    const item = UUID_PATTERN.test(id) ? await items.find(id) : undefined;
    const user = currentUser(request);
    if (!item || (ownerCheck && item.ownerId !== user.id && user.role !== 'admin')) throw notFound('item');
    return item;
  };

  const enqueueFor = (request: FastifyRequest, item: Item): Promise<string> => {
    const testId = testIdFrom(request.headers);
    return jobs.enqueue({ itemId: item.id, revision: item.revision, requestId: request.id, ...(testId ? { testId } : {}) });
  };

  app.get('/items', guarded, async (request) => {
    const { limit } = parseInput(listQuerySchema, request.query, 'query');
    const user = currentUser(request);
    const everyone = user.role === 'admin' || !ownerCheck;
    return { items: await items.list(everyone ? undefined : user.id, limit) };
  });

  app.post('/items', guarded, async (request, reply) => {
    const input = parseInput(createItemSchema, request.body);
    const item = await items.create(currentUser(request).id, { title: input.title, body: input.body ?? '' });
    let jobId: string;
    try {
      jobId = await enqueueFor(request, item);
    } catch (error) {
      // An item whose job never exists would stay pending forever: take it back.
      await items.delete(item.id);
      request.log.error({ err: error, itemId: item.id }, 'enqueue failed; item removed');
      throw new HttpError(503, 'queue_unavailable', 'the job queue is unavailable; nothing was created');
    }
    request.log.info({ itemId: item.id, jobId }, 'item created');
    return reply.code(201).send({ item, jobId });
  });

  app.get('/items/:id', guarded, async (request) => ({ item: await accessibleItem(request) }));

  app.patch('/items/:id', guarded, async (request) => {
    const existing = await accessibleItem(request);
    const changes = parseInput(updateItemSchema, request.body);
    const item = await items.update(existing.id, changes);
    if (!item) throw notFound('item');
    try {
      return { item, jobId: await enqueueFor(request, item) };
    } catch (error) {
      request.log.error({ err: error, itemId: item.id }, 'enqueue failed after update');
      throw new HttpError(503, 'queue_unavailable', 'the item was updated but its result cannot be recomputed now');
    }
  });

  app.delete('/items/:id', guarded, async (request, reply) => {
    const item = await accessibleItem(request);
    await items.delete(item.id);
    return reply.code(204).send();
  });

  app.get('/items/:id/result', guarded, async (request) => {
    const item = await accessibleItem(request);
    return (await items.findResult(item.id)) ?? { status: 'pending', attempts: 0, processedCount: 0 };
  });
}
