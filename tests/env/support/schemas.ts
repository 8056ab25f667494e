// The api's response shapes as the suites expect them (app/README.md, "API"), strict
// enough that a missing or renamed field fails the test that reads it.
import { z } from 'zod';

export const isoTime = z.iso.datetime({ offset: true });
const uuid = z.uuid();

export const userSchema = z.object({ id: uuid, email: z.email(), role: z.enum(['user', 'admin']) });

export const loginSchema = z.object({ token: z.string().min(20), expiresAt: isoTime, user: userSchema });

export const itemSchema = z.object({
  id: uuid,
  ownerId: uuid,
  title: z.string(),
  body: z.string(),
  revision: z.number().int().min(1),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const resultStatusSchema = z.enum(['pending', 'done', 'parked']);

export const itemSummarySchema = itemSchema.extend({ resultStatus: resultStatusSchema, result: z.unknown().optional(), resultAttempts: z.number().int().min(0) });

export const createdItemSchema = z.object({ item: itemSchema, jobId: z.string().min(1) });

export const itemListSchema = z.object({ items: z.array(itemSummarySchema) });

export const computedResultSchema = z.object({
  wordCount: z.number().int().min(0),
  characterCount: z.number().int().min(0),
  titleUppercase: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const itemResultSchema = z.object({
  status: resultStatusSchema,
  result: computedResultSchema.optional(),
  attempts: z.number().int().min(0),
  processedCount: z.number().int().min(0),
  error: z.string().optional(),
  updatedAt: isoTime.optional(),
});

export const errorSchema = z.object({ error: z.string(), message: z.string(), issues: z.array(z.unknown()).optional() });

export const healthSchema = z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.literal('ok')) });

export type Item = z.infer<typeof itemSchema>;
export type ItemResult = z.infer<typeof itemResultSchema>;
export type ComputedResult = z.infer<typeof computedResultSchema>;
