// The shortlinks suite's JUnit writer (examples/shortlinks/checks/run_suite.py), on a
// folder of made-up tests: what the tool's command runner reads must say which failed.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/toolchain/pins.ts';

const dir = mkdtempSync(join(tmpdir(), 'ephemeral-junit-'));
copyFileSync(join(projectRoot, 'examples/shortlinks/checks/run_suite.py'), join(dir, 'run_suite.py'));
writeFileSync(
  join(dir, 'test_made_up.py'),
  `import unittest

class MadeUp(unittest.TestCase):
    def test_passes(self):
        self.assertTrue(True)

    def test_fails(self):
        self.assertEqual(1, 2, "one is not two")

    def test_raises(self):
        raise RuntimeError("boom")

    def test_one_subtest_fails(self):
        for value in (1, 2):
            with self.subTest(value=value):
                self.assertEqual(value, 1)

    @unittest.skip("not today")
    def test_skipped(self):
        pass
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runSuite(env: Record<string, string> = {}) {
  return execa('python3', ['run_suite.py', '--junit', 'out/junit.xml', '--name', 'made-up'], { cwd: dir, reject: false, env: { ...env, PYTHONDONTWRITEBYTECODE: '1' } });
}

describe('examples/shortlinks run_suite.py', () => {
  it('exits 1 and reports each failure, error, failed subtest and skip in JUnit XML', async () => {
    const result = await runSuite();
    expect(result.exitCode, result.stderr).toBe(1);
    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(xml).toContain('<testsuite name="made-up" tests="5" failures="2" errors="1" skipped="1"');
    expect(xml).toMatch(/<testcase classname="test_made_up.MadeUp" name="test_fails" time="[\d.]+">\s*<failure message="1 != 2 : one is not two" type="AssertionError">/);
    expect(xml).toMatch(/name="test_raises"[^>]*>\s*<error message="boom" type="RuntimeError">/);
    expect(xml).toContain('name="test_one_subtest_fails (value=2)"');
    expect(xml).toMatch(/name="test_skipped"[^>]*>\s*<skipped message="not today"/);
  });

  it('writes a relative report path under EPHEMERAL_ARTIFACTS_DIR when the tool gives one', async () => {
    const artifacts = join(dir, 'artifacts');
    await runSuite({ EPHEMERAL_ARTIFACTS_DIR: artifacts });
    expect(readFileSync(join(artifacts, 'out/junit.xml'), 'utf8')).toContain('name="made-up"');
  });
});
