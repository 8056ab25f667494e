// The reference stack's seed command (`seed` in ephemeral.config.ts): the known users and
// items through the public API, after checking that the API serves this very stack.
import { readFileSync } from 'node:fs';
import { seedEnvironment } from '../../app/src/seed/seed.ts';
import { environmentOutputsSchema } from '../../infra/outputs-schema.ts';

const outputsFile = process.env['EPHEMERAL_OUTPUTS'];
const stack = process.env['EPHEMERAL_STACK'];
if (!outputsFile || !stack) throw new Error('EPHEMERAL_OUTPUTS and EPHEMERAL_STACK are not set: the seed runs through `npm run ephemeral`');
const outputs = environmentOutputsSchema.parse(JSON.parse(readFileSync(outputsFile, 'utf8')));
const result = await seedEnvironment({ apiUrl: outputs.apiUrl, adminEmail: outputs.adminEmail, adminPassword: outputs.adminPassword, expectedStack: stack });
const created = [...result.users, ...result.items].filter((entry) => entry.created).length;
process.stdout.write(`seed: ${result.users.length} users, ${result.items.length} items (${created} new) in ${result.stack}\n`);
