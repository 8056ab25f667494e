// The zod schema of a project's config: each wrong field fails with its path and the fix,
// before anything is created. The types stay in define-config.ts; this checks values.
import { z } from 'zod';
import { targetNames } from './define-config.ts';

const nameRule = /^[a-z][a-z0-9-]*$/;
const nameFix = 'lower case letters, digits and "-", starting with a letter';

const relativePath = (what: string) => z.string({ error: `give ${what} as a path relative to the config file` }).min(1, { error: `give ${what}` });
const isFunction = (value: unknown) => typeof value === 'function';
const argv = (what: string) =>
  z.array(z.string().min(1), { error: `give ${what} as an argv array, e.g. ['node', 'seed.ts']` }).min(1, { error: `${what} is empty: give at least the program to run` });
const stackConfig = z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]), {
  error: 'give stack config as { key: string | number | boolean }',
});

const target = z
  .strictObject({
    program: z.custom((value) => isFunction(value), { error: 'program must be a function (ctx) => async () => outputs' }).optional(),
    workDir: relativePath('workDir (a folder with Pulumi.yaml)').optional(),
  })
  .refine((value) => (value.program === undefined) !== (value.workDir === undefined), {
    error: 'give exactly one of program (an inline factory) or workDir (a Pulumi project folder)',
  });

const image = z.strictObject({
  context: relativePath('the build context'),
  dockerfile: relativePath('the Dockerfile'),
  args: z.record(z.string(), z.string(), { error: 'give build args as { NAME: "value" }' }).optional(),
  stage: z.custom((value) => isFunction(value), { error: 'stage must be a function ({ contextDir, cacheDir }) => Promise<folder>' }).optional(),
});

const entryPoint = z.strictObject({
  output: z.string({ error: 'name the stack output that holds the URL' }).min(1),
  health: z.string().startsWith('/', { error: 'a health path starts with "/", e.g. "/health"' }).optional(),
});

const runner = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('vitest'), config: relativePath('the vitest config'), project: z.string({ error: 'name the vitest project' }).min(1) }),
    z.strictObject({ kind: z.literal('playwright'), config: relativePath('the Playwright config'), report: z.string().min(1).optional() }),
    z.strictObject({ kind: z.literal('command'), argv: argv('argv'), junit: relativePath('the JUnit XML file it writes (relative to the artifacts dir)') }),
  ],
  { error: "give a runner: { kind: 'vitest', config, project }, { kind: 'playwright', config } or { kind: 'command', argv, junit }" },
);

const suite = z.strictObject({
  name: z.string({ error: 'name the suite' }).regex(nameRule, { error: `a suite name is ${nameFix}` }),
  stage: z.number({ error: 'give the stage as a whole number (suites of one stage run at once)' }).int().min(0),
  measuresLatency: z.boolean().optional(),
  runner,
});

const fault = z.strictObject({
  description: z.string().optional(),
  config: stackConfig,
});

const upgradeStep = (what: string) =>
  z.strictObject({ command: argv(`${what}.command`), timeoutSeconds: z.number().positive().optional() }, { error: `give ${what} as { command: ['node', 'tests/upgrade.ts'] }` });

const upgrade = z.strictObject({
  before: upgradeStep('upgrade.before').optional(),
  after: upgradeStep('upgrade.after').optional(),
  maxDowntimeMs: z.number({ error: 'give upgrade.maxDowntimeMs in milliseconds, e.g. 5000' }).int().min(0).optional(),
});

export const projectConfigSchema = z
  .strictObject({
    name: z.string({ error: 'name the project, e.g. name: "shortener"' }).min(1),
    targets: z
      .partialRecord(z.enum(targetNames, { error: `targets are ${targetNames.join(' and ')}` }), target, { error: 'give targets: { docker: { program } }' })
      .refine((value) => Object.keys(value).length > 0, { error: 'give at least one target, e.g. targets: { docker: { program } }' }),
    images: z.record(z.string().regex(nameRule, { error: `an image name is ${nameFix}` }), image).optional(),
    entryPoints: z.record(z.string().min(1), entryPoint, { error: "give entryPoints: { site: { output: 'siteUrl', health: '/health' } }" }),
    outputs: z.custom((value) => value instanceof z.ZodType, { error: 'outputs must be a zod schema of the stack outputs' }).optional(),
    seed: z.strictObject({ command: argv('seed.command'), timeoutSeconds: z.number().positive().optional() }).optional(),
    services: z.array(z.string().min(1), { error: "give services as a list of names, e.g. ['frontend', 'jobs']" }).optional(),
    suites: z.array(suite, { error: 'give suites as a list of { name, stage, runner }' }).optional(),
    faults: z.record(z.string().regex(nameRule, { error: `a fault name is ${nameFix}` }), fault).optional(),
    config: stackConfig.optional(),
    upgrade: upgrade.optional(),
    bench: z
      .strictObject({ baseline: z.custom((value) => isFunction(value), { error: 'bench.baseline must be a function ({ slug, labels, images }) => { plan, secrets, outputs }' }) })
      .optional(),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [index, { name }] of (config.suites ?? []).entries()) {
      if (seen.has(name)) context.addIssue({ code: 'custom', path: ['suites', index, 'name'], message: `the suite name "${name}" is used twice: give each suite its own name` });
      seen.add(name);
    }
    if (seen.has('all')) context.addIssue({ code: 'custom', path: ['suites'], message: 'no suite may be called "all" (`--suites all` names every suite)' });
  });

/** One line per problem: `path: what is wrong and how to fix it`. */
export function formatConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}: remove or rename (see README, "Your own stack")` : issue.message;
    return `${path || '(config)'}: ${message}`;
  });
}
