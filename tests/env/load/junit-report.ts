// The load phase's verdicts as JUnit XML, which the tool's `command` runner reads: each
// threshold of thresholds.json is a test, met is passed, breached failed, and its service
// property names the service a breach holds to account.
import type { ThresholdVerdict } from './measurements.ts';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderLoadJunit(verdicts: readonly ThresholdVerdict[], seconds: number): string {
  const failures = verdicts.filter((verdict) => !verdict.passed).length;
  const cases = verdicts.map((verdict) => {
    const name = escapeXml(`${verdict.name} ${verdict.limit} (measured ${verdict.measured})`);
    const failure = verdict.passed ? '' : `\n      <failure message="${escapeXml(`measured ${verdict.measured}, limit ${verdict.limit}`)}"/>`;
    return `    <testcase classname="tests/env/load/thresholds.json" name="${name}" time="0">\n      <properties><property name="service" value="${escapeXml(verdict.service)}"/></properties>${failure}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="load" tests="${verdicts.length}" failures="${failures}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="load" tests="${verdicts.length}" failures="${failures}" errors="0" skipped="0" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
