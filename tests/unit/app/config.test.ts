// Config validation: defaults apply, and every bad or missing variable is named (never its value).
import { describe, expect, it } from 'vitest';
import {
  apiConfigSchema,
  ConfigError,
  parseConfig,
  webConfigSchema,
  workerConfigSchema,
} from '../../../app/src/shared/config.ts';

const apiEnvironment = {
  DATABASE_URL: 'postgres://app:secret@db:5432/app',
  REDIS_URL: 'redis://:secret@queue:6379',
  TOKEN_SECRET: 'a'.repeat(32),
  ADMIN_EMAIL: 'admin@example.test',
  ADMIN_PASSWORD: 'admin-password',
  STACK_NAME: 'feature-x',
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults for the api', () => {
    const config = parseConfig('api', apiConfigSchema, apiEnvironment);
    expect(config).toMatchObject({ PORT: 8080, DB_POOL_SIZE: 10, TOKEN_TTL_SECONDS: 3_600, LOG_LEVEL: 'info' });
    expect(config.INSTANCE_NAME).toBeUndefined();
  });

  it('applies the documented defaults for the worker', () => {
    const config = parseConfig('worker', workerConfigSchema, {
      DATABASE_URL: apiEnvironment.DATABASE_URL,
      REDIS_URL: apiEnvironment.REDIS_URL,
    });
    expect(config).toMatchObject({ WORKER_CONCURRENCY: 4, HEALTH_PORT: 8081, MAX_ATTEMPTS: 3 });
  });

  it('coerces numeric variables from their string form', () => {
    expect(parseConfig('api', apiConfigSchema, { ...apiEnvironment, PORT: '9090' }).PORT).toBe(9090);
  });

  it('names every missing variable in one error', () => {
    const error = configError(() => parseConfig('api', apiConfigSchema, {}));
    expect(error.message).toMatch(/^invalid configuration for api: /);
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'TOKEN_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'STACK_NAME']) {
      expect(error.problems).toContain(`${name} is required but not set`);
    }
  });

  it('treats an empty variable as unset', () => {
    const error = configError(() => parseConfig('api', apiConfigSchema, { ...apiEnvironment, STACK_NAME: '' }));
    expect(error.problems).toEqual(['STACK_NAME is required but not set']);
  });

  it('rejects a short token secret without echoing it', () => {
    const error = configError(() => parseConfig('api', apiConfigSchema, { ...apiEnvironment, TOKEN_SECRET: 'hunter2' }));
    expect(error.problems).toEqual(['TOKEN_SECRET: must be at least 32 characters']);
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects a database URL of the wrong scheme', () => {
    const error = configError(() =>
      parseConfig('api', apiConfigSchema, { ...apiEnvironment, DATABASE_URL: 'mysql://db/app' }),
    );
    expect(error.problems).toEqual(['DATABASE_URL: must be a postgres:// or postgresql:// URL']);
  });

  it('rejects a port that is not a number', () => {
    const error = configError(() => parseConfig('web', webConfigSchema, { API_URL: 'http://api:8080', PORT: 'eighty' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^PORT: /);
  });

  it('caps MAX_ATTEMPTS at the attempts the api gives each job', () => {
    const error = configError(() =>
      parseConfig('worker', workerConfigSchema, { ...apiEnvironment, MAX_ATTEMPTS: '26' }),
    );
    expect(error.problems[0]).toMatch(/^MAX_ATTEMPTS: /);
  });
});
