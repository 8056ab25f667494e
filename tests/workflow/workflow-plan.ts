// Reads a workflow file with GitHub's own parser and works out, for one event, what the
// runner would do: which jobs run, each step's condition, script and `env:` blocks
// evaluated with GitHub's own expression engine. Pure apart from reading the file.
import { readFileSync } from 'node:fs';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import {
  NoOperationTraceWriter,
  type WorkflowTemplate,
  convertWorkflowTemplate,
  isBasicExpression,
  isLiteral,
  isMapping,
  isString,
  parseWorkflow,
} from '@actions/workflow-parser';
import { parse } from 'yaml';
import { type PlayedEvent, type RunnerFacts, githubContext } from './github-events.ts';

type TemplateToken = NonNullable<WorkflowTemplate['env']>;
export type JobStatus = 'success' | 'failure';

export interface StepPlan {
  name: string;
  /** The step's `if`, evaluated when the step is reached (it may ask for the job status). */
  condition: string;
  run?: string;
  uses?: string;
  with: Record<string, string>;
  env: Record<string, string>;
}

export interface JobPlan {
  id: string;
  /** The evaluated concurrency group, where the job has one. */
  concurrencyGroup: string | undefined;
  /** The workflow's and the job's `env:` together, evaluated. */
  env: Record<string, string>;
  steps: StepPlan[];
}

const contextNames = ['github', 'vars', 'secrets', 'env', 'runner', 'job', 'steps', 'inputs', 'matrix', 'needs', 'strategy'];
const statusFunctions = ['success', 'always', 'failure', 'cancelled'];

function toData(value: unknown): data.Dictionary {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.Dictionary;
}

function truthy(value: data.ExpressionData): boolean {
  if (value instanceof data.BooleanData) return value.value;
  if (value instanceof data.Null) return false;
  if (value instanceof data.NumberData) return value.value !== 0 && !Number.isNaN(value.value);
  if (value instanceof data.StringData) return value.value !== '';
  return true;
}

export function evaluateExpression(expression: string, contexts: Record<string, unknown>, status: JobStatus = 'success'): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const ast = new Parser(lexed.tokens, contextNames, statusFunctions.map((name) => ({ name, minArgs: 0, maxArgs: 0 }))).parse();
  const results: Record<string, boolean> = { success: status === 'success', failure: status === 'failure', always: true, cancelled: false };
  const functions = new Map(
    statusFunctions.map((name) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(results[name] ?? false) }]),
  );
  return new Evaluator(ast, toData(contexts), functions).evaluate();
}

export function conditionHolds(expression: string, contexts: Record<string, unknown>, status: JobStatus): boolean {
  return truthy(evaluateExpression(expression, contexts, status));
}

function tokenText(token: TemplateToken, contexts: Record<string, unknown>): string {
  if (isString(token)) return token.value;
  if (isBasicExpression(token)) return evaluateExpression(token.expression, contexts).coerceString();
  if (isLiteral(token)) return token.toDisplayString();
  throw new Error(`a ${token.constructor.name} where the harness expects a string`);
}

function mappingTexts(token: TemplateToken | undefined, contexts: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  if (!token || !isMapping(token)) return values;
  for (const pair of token) values[pair.key.toString()] = tokenText(pair.value, { ...contexts, env: { ...(contexts['env'] as object), ...values } });
  return values;
}

interface RawStep {
  with?: Record<string, unknown>;
}

export interface WorkflowRequest {
  file: string;
  event: PlayedEvent;
  /** Repository variables: an unset one is absent, and GitHub gives it as "". */
  vars: Record<string, string>;
  /** Repository secrets, likewise. */
  secrets: Record<string, string>;
  runner: RunnerFacts;
}

/** The jobs that run for the event, in file order, each fully planned. */
export async function planWorkflow(request: WorkflowRequest): Promise<JobPlan[]> {
  const content = readFileSync(request.file, 'utf8');
  const parsed = parseWorkflow({ name: request.file, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((error) => error.message);
  if (problems.length > 0 || !parsed.value) throw new Error(`${request.file} does not parse: ${problems.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length) throw new Error(`${request.file}: ${template.errors.map((error) => error.Message).join('; ')}`);
  // `with:` inputs are not in GitHub's model of a step; they are read from the YAML itself.
  const raw = parse(content) as { jobs: Record<string, { steps: RawStep[] }> };

  const base = { github: githubContext(request.event, request.runner), vars: request.vars, secrets: request.secrets, runner: { os: 'Linux', temp: request.runner.temp }, env: {} };
  const workflowEnv = mappingTexts(template.env, base);
  const jobs: JobPlan[] = [];
  for (const job of template.jobs) {
    if (job.type !== 'job') throw new Error(`job ${job.id.value}: reusable workflows are not played`);
    if (!conditionHolds(job.if.expression, { ...base, env: workflowEnv }, 'success')) continue;
    const env = { ...workflowEnv, ...mappingTexts(job.env, { ...base, env: workflowEnv }) };
    const contexts = { ...base, env };
    const group = job.concurrency && isMapping(job.concurrency) ? job.concurrency.find('group') : job.concurrency;
    const rawSteps = raw.jobs[job.id.value]?.steps ?? [];
    jobs.push({
      id: job.id.value,
      concurrencyGroup: group ? tokenText(group, contexts) : undefined,
      env,
      steps: job.steps.map((step, index) => {
        if (!('run' in step) && !('uses' in step)) throw new Error(`job ${job.id.value}: step ${step.id} is neither run nor uses`);
        const stepEnv = 'env' in step ? mappingTexts(step.env, contexts) : {};
        const inputs = Object.fromEntries(Object.entries(rawSteps[index]?.with ?? {}).map(([key, value]) => [key, String(value)]));
        return {
          name: step.name ? step.name.toString() : step.id,
          condition: step.if?.expression ?? 'success()',
          ...('run' in step ? { run: tokenText(step.run, { ...contexts, env: { ...env, ...stepEnv } }) } : { uses: step.uses.value }),
          with: inputs,
          env: stepEnv,
        };
      }),
    });
  }
  return jobs;
}
