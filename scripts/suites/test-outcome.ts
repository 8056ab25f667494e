// One test as the runners see it after a run, whatever tool ran it: what the summary names,
// the x-test-id its requests carried, and the services its tags hold to account.
export interface TestOutcome {
  /** "file > test name", the file relative to the project root. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  testId: string | undefined;
  services: string[];
  /** The failure's message, as the tool reported it (failed tests only). */
  error?: string;
  /** Files the tool kept for the test (a Playwright trace, a screenshot), as it named them. */
  attachments?: TestAttachment[];
}

export interface TestAttachment {
  name: string;
  path: string;
}

export interface SuiteCountsOf {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

export function countOutcomes(outcomes: readonly TestOutcome[]): SuiteCountsOf {
  return {
    passed: outcomes.filter((outcome) => outcome.status === 'passed').length,
    failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
    skipped: outcomes.filter((outcome) => outcome.status === 'skipped').length,
    failures: outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.name),
  };
}

/**
 * The services at fault: those named by the failing tests' tags, plus any service the
 * environment runs no live container of (a stopped worker fails tests tagged elsewhere too).
 * Undefined when nothing failed.
 */
export function servicesAtFault(outcomes: readonly TestOutcome[], servicesDown: readonly string[] = [], knownServices?: readonly string[]): string[] | undefined {
  const failing = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failing.length === 0) return undefined;
  // With the services known, a tag that names none of them (`slow`) is no service.
  const named = failing.flatMap((outcome) => outcome.services).filter((tag) => !knownServices || knownServices.includes(tag));
  const services = new Set([...servicesDown, ...named]);
  return services.size === 0 ? undefined : [...services].sort();
}
