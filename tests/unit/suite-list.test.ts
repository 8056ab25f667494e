// Choosing suites (`--suites`) and what their child processes inherit.
import { describe, expect, it } from 'vitest';
import { EphemeralError } from '../../scripts/errors.ts';
import { outputVariableName, outputVariables, suiteProcessEnv } from '../../scripts/suites/suite-process.ts';
import { parseSuiteList as parseAmong, suiteNames, suiteRunnerStages } from '../../scripts/suites/suite-runner.ts';
import reference from '../../ephemeral.config.ts';

// The reference project's suites, as its config declares them.
const definitions = reference.suites;
const allSuites = suiteNames(definitions);
const parseSuiteList = (text: string) => parseAmong(text, allSuites);
const suiteRunners = (selected: string[]) => suiteRunnerStages(definitions, selected).flat();

describe('parseSuiteList', () => {
  it('returns the named suites in run order, each once', () => {
    expect(parseSuiteList('ui,api')).toEqual(['api', 'ui']);
    expect(parseSuiteList(' load , queue,queue ')).toEqual(['queue', 'load']);
    expect(parseSuiteList('data,auth')).toEqual(['auth', 'data']);
  });

  it('reads `all` as every suite', () => {
    expect(parseSuiteList('all')).toEqual(allSuites);
    expect(allSuites).toEqual(['api', 'queue', 'auth', 'data', 'ui', 'load']);
  });

  it('ignores case and empty entries', () => {
    expect(parseSuiteList('API,,Auth,')).toEqual(['api', 'auth']);
  });

  it('refuses an unknown name with a usage error that names every valid one', () => {
    let caught: unknown;
    try {
      parseSuiteList('api,smoke,e2e');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EphemeralError);
    const error = caught as EphemeralError;
    expect(error.exitCode).toBe(64);
    expect(error.message).toBe('unknown suites "smoke", "e2e" in --suites');
    expect(error.remedy).toBe('the suites are: api, queue, auth, data, ui, load (or all)');
  });

  it('refuses a list that names nothing', () => {
    expect(() => parseSuiteList(' , ')).toThrow('--suites names no suite');
  });

  it('says so when the config declares no suites', () => {
    expect(() => parseAmong('api', [])).toThrow(/unknown suite "api"/);
  });
});

describe('suiteRunners', () => {
  it('marks the suite that measures latency, so it runs holding the measurement slot', () => {
    expect(suiteRunners(['load', 'api']).map((runner) => [runner.name, runner.measuresLatency ?? false])).toEqual([['api', false], ['load', true]]);
  });

  it('gives one runner per selected suite, in run order', () => {
    expect(suiteRunners(['load', 'api', 'ui']).map((runner) => runner.name)).toEqual(['api', 'ui', 'load']);
    expect(suiteRunners([])).toEqual([]);
  });

  it('groups the runners into stages: api, queue and auth at once; data, ui and load each alone, in that order', () => {
    const names = (selected: string[]) => suiteRunnerStages(definitions, selected).map((stage) => stage.map((runner) => runner.name));
    expect(names([...allSuites])).toEqual([['api', 'queue', 'auth'], ['data'], ['ui'], ['load']]);
    expect(names(['load', 'auth', 'data'])).toEqual([['auth'], ['data'], ['load']]);
  });
});

describe('suiteProcessEnv', () => {
  const context = { outputsFile: '/tmp/x/outputs.json', artifactsDir: '/work/artifacts/feature-x/run-1', slug: 'feature-x' };

  it('passes the outputs and artifacts as paths and keeps what tools need', () => {
    const env = suiteProcessEnv({ PATH: '/usr/bin', HOME: '/home/ci', DOCKER_HOST: 'unix:///run/docker.sock' }, context);
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/ci',
      DOCKER_HOST: 'unix:///run/docker.sock',
      EPHEMERAL_OUTPUTS: '/tmp/x/outputs.json',
      EPHEMERAL_ARTIFACTS_DIR: '/work/artifacts/feature-x/run-1',
      EPHEMERAL_STACK: 'feature-x',
    });
  });

  it('adds one EPHEMERAL_OUTPUT_<NAME> per output, strings as they are and the rest as JSON', () => {
    expect(outputVariables({ webUrl: 'http://127.0.0.1:1', 'db-host': 'db', services: { a: ['b'] } })).toEqual({
      EPHEMERAL_OUTPUT_WEB_URL: 'http://127.0.0.1:1',
      EPHEMERAL_OUTPUT_DB_HOST: 'db',
      EPHEMERAL_OUTPUT_SERVICES: '{"a":["b"]}',
    });
    expect(outputVariableName('adminPassword')).toBe('EPHEMERAL_OUTPUT_ADMIN_PASSWORD');
  });

  it("leaves out every other variable of the driver's, secrets included", () => {
    const env = suiteProcessEnv(
      { PATH: '/usr/bin', PULUMI_CONFIG_PASSPHRASE: 'hunter2', GITHUB_TOKEN: 'ghp_x', AWS_SECRET_ACCESS_KEY: 'k', NODE_OPTIONS: '--inspect' },
      context,
    );
    expect(Object.keys(env).sort()).toEqual(['EPHEMERAL_ARTIFACTS_DIR', 'EPHEMERAL_OUTPUTS', 'EPHEMERAL_STACK', 'PATH']);
  });
});
