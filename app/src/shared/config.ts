// Each role's settings, read once from environment variables and validated with zod;
// a bad or missing variable becomes one ConfigError that names every offending variable.
import { z } from 'zod';

const postgresURL = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');
const redisURL = z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL');
const httpURL = z.string().regex(/^https?:\/\/[^\s/]+\S*$/, 'must be an http:// or https:// URL');
const port = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);
const positiveInteger = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
const stackName = z.string().min(1).max(200);
// How long a service keeps retrying its database and Redis at start before giving up.
const startupTimeoutSeconds = positiveInteger(60, 3_600);
// Injected faults (see faults.ts): off unless set, so the suites can prove they catch them.
const faultDropEvery = z.coerce.number().int().min(0).max(1_000).default(0);
const faultFlag = z.stringbool().default(false);

export const migrateConfigSchema = z.object({
  DATABASE_URL: postgresURL,
  STACK_NAME: stackName,
  LOG_LEVEL: logLevel,
  STARTUP_TIMEOUT_SECONDS: startupTimeoutSeconds,
  /** The fault migration-breaks-old-rows: also apply migrations-planted/. */
  MIGRATIONS_PLANTED: faultFlag,
});

export const apiConfigSchema = z.object({
  DATABASE_URL: postgresURL,
  REDIS_URL: redisURL,
  // HS256 wants a key at least as long as its 256-bit hash.
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  TOKEN_TTL_SECONDS: positiveInteger(3_600, 30 * 24 * 3_600),
  ADMIN_EMAIL: z.email(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),
  STACK_NAME: stackName,
  PORT: port(8080),
  INSTANCE_NAME: z.string().min(1).optional(),
  DB_POOL_SIZE: positiveInteger(10, 500),
  LOG_LEVEL: logLevel,
  STARTUP_TIMEOUT_SECONDS: startupTimeoutSeconds,
  FAULT_API_LEAK_ITEMS: faultFlag,
});

export const workerConfigSchema = z.object({
  DATABASE_URL: postgresURL,
  REDIS_URL: redisURL,
  WORKER_CONCURRENCY: positiveInteger(4, 256),
  HEALTH_PORT: port(8081),
  // Bounded by the attempts the api gives each job (JOB_ATTEMPTS_CEILING in queue.ts).
  MAX_ATTEMPTS: positiveInteger(3, 25),
  RETRY_BACKOFF_MS: positiveInteger(500, 600_000),
  INSTANCE_NAME: z.string().min(1).optional(),
  DB_POOL_SIZE: positiveInteger(10, 500),
  LOG_LEVEL: logLevel,
  STARTUP_TIMEOUT_SECONDS: startupTimeoutSeconds,
  FAULT_WORKER_DROP_EVERY: faultDropEvery,
});

export const webConfigSchema = z.object({
  API_URL: httpURL,
  PORT: port(8080),
  INSTANCE_NAME: z.string().min(1).optional(),
  LOG_LEVEL: logLevel,
});

export const seedConfigSchema = z.object({
  API_URL: httpURL,
  ADMIN_EMAIL: z.email(),
  ADMIN_PASSWORD: z.string().min(1),
  EXPECTED_STACK: stackName,
});

export type MigrateConfig = z.infer<typeof migrateConfigSchema>;
export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
export type WebConfig = z.infer<typeof webConfigSchema>;
export type SeedConfig = z.infer<typeof seedConfigSchema>;

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(role: string, problems: string[]) {
    super(`invalid configuration for ${role}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Environment = Record<string, string | undefined>;

/**
 * Validates `env` against a role's schema. Empty strings count as unset, so an optional
 * variable exported as "" takes its default. Messages name variables, never their values
 * (several are secrets).
 */
export function parseConfig<Schema extends z.ZodType>(
  role: string,
  schema: Schema,
  env: Environment,
): z.infer<Schema> {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    if (variable === '') return issue.message;
    return present[variable] === undefined ? `${variable} is required but not set` : `${variable}: ${issue.message}`;
  });
  throw new ConfigError(role, problems);
}
