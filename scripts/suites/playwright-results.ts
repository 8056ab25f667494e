// Reads Playwright's JSON report into test outcomes: "file > describe > title", the status,
// the x-test-id kept as a `testId` annotation, and the service tags (@api, @worker, …).
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { z } from 'zod';
import type { TestOutcome } from './test-outcome.ts';

const annotationSchema = z.object({ type: z.string(), description: z.string().optional() });

const resultSchema = z.object({
  error: z.object({ message: z.string().optional() }).loose().optional(),
  attachments: z.array(z.object({ name: z.string(), path: z.string().optional() }).loose()).optional(),
});

const specSchema = z.object({
  title: z.string(),
  tags: z.array(z.string()).optional(),
  tests: z.array(
    z.object({
      status: z.string(),
      annotations: z.array(annotationSchema).optional(),
      results: z.array(resultSchema).optional(),
    }),
  ),
});

interface JsonSuite {
  title: string;
  file?: string | undefined;
  specs?: z.infer<typeof specSchema>[] | undefined;
  suites?: JsonSuite[] | undefined;
}

const suiteSchema: z.ZodType<JsonSuite> = z.lazy(() =>
  z.object({
    title: z.string(),
    file: z.string().optional(),
    specs: z.array(specSchema).optional(),
    suites: z.array(suiteSchema).optional(),
  }),
);

const reportSchema = z.object({
  config: z.object({ rootDir: z.string() }).loose(),
  suites: z.array(suiteSchema),
  errors: z.array(z.object({ message: z.string().optional() }).loose()).optional(),
});

function statusOf(status: string): TestOutcome['status'] {
  // expected: passed as it should; unexpected: failed; flaky cannot happen without retries,
  // and would still be a failure here.
  if (status === 'expected') return 'passed';
  if (status === 'skipped') return 'skipped';
  return 'failed';
}

export function parsePlaywrightReport(json: unknown, projectRoot: string, configFile = 'playwright.config'): TestOutcome[] {
  const report = reportSchema.parse(json);
  const outcomes: TestOutcome[] = [];
  const visit = (suite: JsonSuite, titles: string[]): void => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const testId = test.annotations?.find((annotation) => annotation.type === 'testId')?.description;
        const status = statusOf(test.status);
        // The last attempt's error and files (there are no retries, so the only one).
        const result = test.results?.at(-1);
        const error = status === 'failed' ? result?.error?.message : undefined;
        const attachments = (result?.attachments ?? []).flatMap((attachment) => (attachment.path ? [{ name: attachment.name, path: attachment.path }] : []));
        outcomes.push({
          name: [...titles, spec.title].join(' > '),
          status,
          ...(error ? { error: stripVTControlCharacters(error) } : {}),
          ...(status === 'failed' && attachments.length > 0 ? { attachments } : {}),
          testId,
          services: (spec.tags ?? []).map((tag) => tag.replace(/^@/, '')),
        });
      }
    }
    for (const child of suite.suites ?? []) visit(child, [...titles, child.title]);
  };
  for (const fileSuite of report.suites) {
    const file = relative(projectRoot, join(report.config.rootDir, fileSuite.file ?? fileSuite.title));
    visit(fileSuite, [file]);
  }
  // Errors outside any test (a config or global-setup failure) fail the suite too.
  for (const error of report.errors ?? []) {
    outcomes.push({ name: `${configFile} > (${(error.message ?? 'error outside a test').split('\n')[0]})`, status: 'failed', testId: undefined, services: [] });
  }
  return outcomes;
}
