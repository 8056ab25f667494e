// Reads the JUnit XML a `command` suite writes into test outcomes: a testcase with
// <failure> or <error> failed, with <skipped> was skipped, else passed. A testcase's
// <property name="testId"> ties it to its log lines, each <property name="service"> names
// a service it holds to account. Parsed with fast-xml-parser: JUnit has no one schema,
// and a tolerant parser beats a hand-written one.
import { XMLParser } from 'fast-xml-parser';
import type { TestOutcome } from './test-outcome.ts';

interface JunitProperty {
  name?: string;
  value?: string;
}

interface JunitTestcase {
  name?: string;
  classname?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
  properties?: { property?: JunitProperty[] };
}

interface JunitSuite {
  name?: string;
  testcase?: JunitTestcase[];
  testsuite?: JunitSuite[];
}

const arrays = new Set(['testsuite', 'testcase', 'property']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => arrays.has(name),
});

/** A <failure> or <error> element's message attribute and text, as fast-xml-parser gives them. */
function failureText(element: unknown): string | undefined {
  if (typeof element === 'string') return element.trim() || undefined;
  if (typeof element !== 'object' || element === null) return undefined;
  const { message, '#text': text } = element as { message?: unknown; '#text'?: unknown };
  const parts = [message, text].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return parts.length > 0 ? parts.join('\n') : undefined;
}

function outcomeOf(testcase: JunitTestcase, titles: string[]): TestOutcome {
  const properties = testcase.properties?.property ?? [];
  const status = testcase.failure !== undefined || testcase.error !== undefined ? 'failed' : testcase.skipped !== undefined ? 'skipped' : 'passed';
  const error = status === 'failed' ? failureText(testcase.failure ?? testcase.error) : undefined;
  return {
    ...(error ? { error } : {}),
    name: [...titles, testcase.classname, testcase.name ?? '(unnamed test)'].filter((part): part is string => Boolean(part)).join(' > '),
    status,
    testId: properties.find((property) => property.name === 'testId')?.value,
    services: properties.filter((property) => property.name === 'service' && property.value).map((property) => property.value as string),
  };
}

function visit(suite: JunitSuite, titles: string[], into: TestOutcome[]): void {
  const here = suite.name ? [...titles, suite.name] : titles;
  for (const testcase of suite.testcase ?? []) into.push(outcomeOf(testcase, here));
  for (const child of suite.testsuite ?? []) visit(child, here, into);
}

/** Every testcase of a JUnit XML document; throws when it is not one. */
export function parseJunitXml(xml: string): TestOutcome[] {
  const document = parser.parse(xml) as { testsuites?: JunitSuite; testsuite?: JunitSuite[] };
  const roots = document.testsuites ? [document.testsuites] : (document.testsuite ?? []);
  if (roots.length === 0) throw new Error('not JUnit XML: no <testsuites> or <testsuite> element');
  const outcomes: TestOutcome[] = [];
  // The <testsuites> wrapper's name (often the tool's) adds nothing to a test's name.
  for (const root of roots) visit(document.testsuites ? { ...root, name: undefined } : root, [], outcomes);
  return outcomes;
}
