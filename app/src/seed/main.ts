// The seed as a command: API_URL, ADMIN_EMAIL, ADMIN_PASSWORD, EXPECTED_STACK from the
// environment; prints what it created or found as JSON (never a password) and exits 0.
import { parseConfig, seedConfigSchema } from '../shared/config.ts';
import { startRole } from '../shared/start-role.ts';
import { seedEnvironment } from './seed.ts';

async function seed(): Promise<void> {
  const config = parseConfig('seed', seedConfigSchema, process.env);
  const result = await seedEnvironment({
    apiUrl: config.API_URL,
    adminEmail: config.ADMIN_EMAIL,
    adminPassword: config.ADMIN_PASSWORD,
    expectedStack: config.EXPECTED_STACK,
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

startRole('seed', seed);
