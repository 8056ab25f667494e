// The one fixture every suite against an environment starts from: the stack's outputs and
// the run's artifact directory, handed over by the driver in EPHEMERAL_OUTPUTS and
// EPHEMERAL_ARTIFACTS_DIR and validated here, so no suite holds a URL, port or password.
import { readFileSync, statSync } from 'node:fs';
import { ALICE_PASSWORD, BOB_PASSWORD, CAROL_PASSWORD, SEED_ITEMS } from '../../app/src/seed/fixtures.ts';
import { type EnvironmentOutputs, environmentOutputsSchema } from '../../infra/outputs-schema.ts';

export interface EnvironmentFixture {
  outputs: EnvironmentOutputs;
  /** artifacts/<slug>/<run-id>/ of the run; suites write only below it. */
  artifactsDir: string;
}

export interface SeededUser {
  email: string;
  password: string;
  role: 'user' | 'admin';
}

/**
 * The seeded people the suites act as. Their passwords are the app's dev constants, never
 * the generated admin password, so no trace or report ever holds a generated secret.
 */
export const seededUsers = {
  alice: { email: 'alice@example.test', password: ALICE_PASSWORD, role: 'user' },
  bob: { email: 'bob@example.test', password: BOB_PASSWORD, role: 'user' },
  carol: { email: 'carol@example.test', password: CAROL_PASSWORD, role: 'admin' },
} as const satisfies Record<string, SeededUser>;

export type SeededUserName = keyof typeof seededUsers;

/** Titles of the items the seed creates for a user. */
export function seededItemTitles(email: string): string[] {
  return SEED_ITEMS.filter((item) => item.ownerEmail === email).map((item) => item.title);
}

export class FixtureError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FixtureError';
  }
}

const REMEDY = 'run the suites through `npm run ephemeral -- run` or `test`, which set it';

export function loadEnvironmentFixture(env: Record<string, string | undefined> = process.env): EnvironmentFixture {
  const outputsFile = env['EPHEMERAL_OUTPUTS'];
  const artifactsDir = env['EPHEMERAL_ARTIFACTS_DIR'];
  if (!outputsFile) throw new FixtureError(`EPHEMERAL_OUTPUTS is not set: ${REMEDY}`);
  if (!artifactsDir) throw new FixtureError(`EPHEMERAL_ARTIFACTS_DIR is not set: ${REMEDY}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(outputsFile, 'utf8'));
  } catch (error) {
    throw new FixtureError(`cannot read the stack outputs from ${outputsFile}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = environmentOutputsSchema.safeParse(raw);
  if (!parsed.success) {
    // Names the fields only: the file holds secrets.
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new FixtureError(`the stack outputs in ${outputsFile} are incomplete or malformed: ${fields}`);
  }
  if (!statSync(artifactsDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new FixtureError(`EPHEMERAL_ARTIFACTS_DIR ${artifactsDir} is not a directory`);
  }
  return { outputs: parsed.data, artifactsDir };
}

let loaded: EnvironmentFixture | undefined;

/** The fixture of this process, read once. */
export function environmentFixture(): EnvironmentFixture {
  loaded ??= loadEnvironmentFixture();
  return loaded;
}
