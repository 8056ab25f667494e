// The preview workflow's pull request comment: a github-script step after the cycle and
// after teardown, whatever their outcome, on same-repository pull requests. Its script is
// run here against a stand-in GitHub API: it creates the comment once, then updates the
// one with its marker in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/toolchain/pins.ts';
import { pullRequestEvent } from '../workflow/github-events.ts';
import { type StepPlan, planWorkflow } from '../workflow/workflow-plan.ts';

const file = join(projectRoot, '.github/workflows/preview.yml');
const runner = { workspace: '/ws', sha: 'abc123', runId: '1', temp: '/tmp/r', eventPath: '/tmp/r/event.json', stepSummary: '/tmp/r/summary.md' };

async function commentStep(action: 'synchronize' | 'closed'): Promise<StepPlan | undefined> {
  const [job] = await planWorkflow({ file, event: pullRequestEvent(action, 'feature/Foo', 7, 'abc123'), vars: {}, secrets: {}, runner });
  return job?.steps.find((step) => step.uses?.startsWith('actions/github-script@'));
}

interface Comment {
  id: number;
  body: string;
}

/** Runs the step's script as github-script does: an async function of github, context, exec. */
async function runScript(step: StepPlan, existing: Comment[], body: string): Promise<{ comments: Comment[]; args: string[] }> {
  const comments = [...existing];
  let args: string[] = [];
  const rest = {
    issues: {
      listComments: () => undefined,
      createComment: ({ body: text }: { body: string }) => void comments.push({ id: comments.length + 100, body: text }),
      updateComment: ({ comment_id, body: text }: { comment_id: number; body: string }) => {
        const found = comments.find((comment) => comment.id === comment_id);
        if (found) found.body = text;
      },
    },
  };
  const github = { rest, paginate: async () => comments.map((comment) => ({ ...comment })) };
  const context = { repo: { owner: 'team', repo: 'app' }, payload: { pull_request: { number: 7 } } };
  const exec = {
    getExecOutput: async (_command: string, given: string[]) => {
      args = given;
      return { stdout: JSON.stringify({ body }) };
    },
  };
  const previous = process.env['EPHEMERAL_COMMENT_ARGS'];
  process.env['EPHEMERAL_COMMENT_ARGS'] = step.env['EPHEMERAL_COMMENT_ARGS'] ?? '';
  try {
    const AsyncFunction = (Object.getPrototypeOf(async () => {}) as { constructor: unknown }).constructor as new (...names: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('github', 'context', 'exec', 'process', step.with['script'] ?? '')(github, context, exec, process);
  } finally {
    if (previous === undefined) delete process.env['EPHEMERAL_COMMENT_ARGS'];
    else process.env['EPHEMERAL_COMMENT_ARGS'] = previous;
  }
  return { comments, args };
}

describe('preview workflow comment', () => {
  it('may write pull request comments', () => {
    const workflow = parse(readFileSync(file, 'utf8')) as { permissions: Record<string, string> };
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it('comments after the cycle whatever its outcome, only where the token may write (not from forks)', async () => {
    const step = await commentStep('synchronize');
    expect(step?.condition).toBe('always() && github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('creates the comment on the first push and updates the same one on the next', async () => {
    const step = (await commentStep('synchronize'))!;
    const other = { id: 1, body: 'a reviewer says hello' };
    const first = await runScript(step, [other], '<!-- ephemeral:feature-foo -->\nfailed');
    expect(first.args).toEqual(['run', '--silent', 'ephemeral', '--', 'report', '--format', 'github-comment', '--json']);
    expect(first.comments).toEqual([other, { id: 101, body: '<!-- ephemeral:feature-foo -->\nfailed' }]);
    const second = await runScript(step, first.comments, '<!-- ephemeral:feature-foo -->\npassed');
    expect(second.comments).toEqual([other, { id: 101, body: '<!-- ephemeral:feature-foo -->\npassed' }]);
  });

  it('marks the comment destroyed after teardown', async () => {
    const step = (await commentStep('closed'))!;
    expect(step.condition).toContain('always()');
    const { comments, args } = await runScript(step, [{ id: 5, body: '<!-- ephemeral:feature-foo -->\npassed' }], '<!-- ephemeral:feature-foo -->\ndestroyed');
    expect(args.at(-1)).toBe('--destroyed');
    expect(comments).toEqual([{ id: 5, body: '<!-- ephemeral:feature-foo -->\ndestroyed' }]);
  });
});
