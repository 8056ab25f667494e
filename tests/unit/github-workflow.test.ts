// The CI preview workflow cannot run here: it is checked against GitHub's own workflow
// schema (the parser GitHub publishes) and for what it must do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../../scripts/toolchain/pins.ts';

const file = '.github/workflows/preview.yml';
const content = readFileSync(join(projectRoot, file), 'utf8');

interface Step {
  run?: string;
  uses?: string;
  if?: string;
}
interface Job {
  if?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  steps: Step[];
}
const workflow = parse(content) as { on: Record<string, unknown>; jobs: Record<string, Job> };

describe('preview workflow', () => {
  it('is valid against the GitHub workflow schema', () => {
    const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(result.value).toBeDefined();
  });

  it('runs the cycle on pull requests and keeps the preview with a TTL', () => {
    expect(workflow.on['pull_request']).toBeDefined();
    const run = workflow.jobs['preview']?.steps.find((step) => step.run?.includes('npm run ephemeral'));
    expect(run?.run).toMatch(/run --keep --ttl \d+[hd]/);
  });

  it('uses one concurrency group per branch', () => {
    for (const job of ['preview', 'destroy']) {
      expect(workflow.jobs[job]?.concurrency?.group).toContain('github.head_ref');
    }
  });

  it('uploads the artifacts whatever the outcome', () => {
    const upload = workflow.jobs['preview']?.steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
  });

  it('destroys the preview when the pull request closes, and gc runs on a schedule', () => {
    expect(workflow.jobs['destroy']?.if).toContain("github.event.action == 'closed'");
    expect(workflow.jobs['destroy']?.steps.some((step) => step.run?.includes('ephemeral -- down'))).toBe(true);
    expect(workflow.jobs['gc']?.steps.some((step) => step.run?.includes('ephemeral -- gc'))).toBe(true);
  });
});
