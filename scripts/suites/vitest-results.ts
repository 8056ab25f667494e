// Reads vitest's JSON report into test outcomes: each test's "file > name", its status,
// the x-test-id the env fixture recorded in its meta, and its service tags.
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { z } from 'zod';
import type { TestOutcome } from './test-outcome.ts';

const assertionSchema = z.object({
  ancestorTitles: z.array(z.string()),
  title: z.string(),
  status: z.string(),
  meta: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.string()).optional(),
  failureMessages: z.array(z.string()).nullable().optional(),
});

const reportSchema = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      message: z.string().optional(),
      assertionResults: z.array(assertionSchema),
    }),
  ),
});

function statusOf(status: string): TestOutcome['status'] {
  if (status === 'passed') return 'passed';
  if (status === 'failed') return 'failed';
  return 'skipped';
}

/** `root` makes file names relative, as the summary shows them. */
export function parseVitestReport(json: unknown, root: string): TestOutcome[] {
  const report = reportSchema.parse(json);
  return report.testResults.flatMap((file) => {
    const fileName = relative(root, file.name) || file.name;
    const tests = file.assertionResults.map((test): TestOutcome => {
      const testId = test.meta?.['testId'];
      const status = statusOf(test.status);
      const error = status === 'failed' ? test.failureMessages?.find((message) => message.trim() !== '') : undefined;
      return {
        name: [fileName, ...test.ancestorTitles, test.title].join(' > '),
        status,
        ...(error ? { error: stripVTControlCharacters(error) } : {}),
        testId: typeof testId === 'string' ? testId : undefined,
        // A test's tags name the services it holds to account.
        services: test.tags ?? [],
      };
    });
    // A file that failed before any test ran (an import or a fixture error) reports no tests.
    if (file.status === 'failed' && tests.length === 0) {
      const message = stripVTControlCharacters(file.message ?? 'no message');
      tests.push({ name: `${fileName} > (the file failed to run: ${message.split('\n')[0]})`, status: 'failed', testId: undefined, services: [], error: message });
    }
    return tests;
  });
}
