// The schema check can fail: a workflow with a misspelt key is rejected.
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { expect, it } from 'vitest';

it('rejects a workflow with an unknown job key', () => {
  const content = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hi\n';
  const result = parseWorkflow({ name: 'bad.yml', content }, new NoOperationTraceWriter());
  expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
});
