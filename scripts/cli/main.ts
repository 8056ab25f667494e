#!/usr/bin/env node
// The CLI shell: parses argv, runs one command, prints its result for people or as
// JSON, and sets the exit code. Commands never print results or exit themselves.
import { Command, CommanderError, Option } from 'commander';
import { dropBlankSettings } from '../config/environment.ts';
import { EphemeralError, ExitCode, describeError } from '../errors.ts';
import type { Env } from '../toolchain/cache-paths.ts';
import { bootstrapCommand } from './bootstrap-command.ts';
import { clusterDownCommand, clusterStatusCommand, clusterUpCommand } from './cluster-command.ts';
import type { CommandResult } from './command-result.ts';
import { defaultTtl, type RawRunOptions } from '../config/run-options.ts';
import type { ClusterOptions } from '../kubernetes/cluster-choice.ts';
import { doctorCommand } from './doctor-command.ts';
import { gcCommand, listCommand } from './environment-commands.ts';
import { initCommand } from './init-command.ts';
import { type HistoryOptions, type ReportOptions, historyCommand, reportCommand } from './report-commands.ts';
import { downCommand, runCommand, testCommand, upCommand } from './lifecycle-commands.ts';

interface GlobalOptions {
  json?: boolean;
}

function jsonOf(options: GlobalOptions): boolean {
  return options.json ?? false;
}

function progressWriter(json: boolean): (line: string) => void {
  // Progress goes to stderr so that --json output on stdout stays parseable.
  return json ? () => {} : (line) => process.stderr.write(`${line}\n`);
}

// The kubernetes target's cluster: named by these (or KUBECONFIG), else the local one.
const kubeconfigOption = ['--kubeconfig <path>', 'kubernetes target: the kubeconfig of the cluster to use (default: KUBECONFIG, else the local cluster that `cluster up` starts)'] as const;
const contextOption = ['--context <name>', 'kubernetes target: the context of that kubeconfig (default: its current context)'] as const;

const upgradeFromHelp =
  'first deploy the stack as REF (a git ref; default: the default branch) builds it, seed it, run its upgrade.before, then roll the same stack out to this checkout (probed) and run upgrade.after and the suites';

export function buildProgram(run: (result: Promise<CommandResult>) => void, baseEnv: Env): Command {
  // Read by every action, after the preAction hook below has applied --backend.
  let env = baseEnv;
  const program = new Command('ephemeral')
    .description('A short-lived copy of your self-hosted stack for every git branch, described by ephemeral.config.ts.')
    .addOption(new Option('--json', 'print machine-readable JSON on stdout'))
    .addOption(
      new Option(
        '--backend <url>',
        'the state backend for stacks, branch locks and environment records, e.g. postgres://user:pass@host:5432/db for team mode (default: PULUMI_BACKEND_URL, else the local file backend)',
      ),
    )
    .hook('preAction', () => {
      const backend = program.opts<{ backend?: string }>().backend;
      if (backend !== undefined) env = { ...baseEnv, PULUMI_BACKEND_URL: backend };
    })
    .exitOverride()
    .showHelpAfterError('(run `npm run ephemeral -- --help` for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const withRunOptions = (command: Command) =>
    command
      .option('--branch <name>', 'the branch (default: the CI variables, else the checkout, else the commit)')
      .addOption(new Option('--target <target>', 'where the environment runs: docker (this host\'s engine) or kubernetes (a namespace per branch)').default('docker'))
      .option(...kubeconfigOption)
      .option(...contextOption)
      .option('--registry <registry>', 'kubernetes target, a cluster you name: push the images to host[:port][/path] for it to pull (default: EPHEMERAL_REGISTRY; the local cluster imports them instead)')
      .option('--ttl <duration>', 'how long a kept environment lives, e.g. 90m, 24h, 7d', defaultTtl)
      .option('--artifacts <dir>', 'where artifacts/<slug>/<run-id>/ go (default: ./artifacts)')
      .option('--concurrency <mode>', 'when the branch is busy: wait, replace or fail', 'wait')
      .option('--strict', 'fail when the preview after up shows changes')
      .option('--config <path>', 'the project\'s ephemeral.config.ts (default: the one in the current directory)')
      .option('--suites <list>', 'which suites to run, comma-separated, as the config names them (default: all)')
      .option('--max-parallel <runs>', 'runs this host takes at once before others queue (default: from its cores and memory)')
      .option('--fault <name>', 'deploy with a fault of the config\'s `faults`, to prove the suites catch it')
      .option(
        '--default-branch <name>',
        'the branch whose last 10 passed runs are the yardstick: a phase over 1.5x its median there is flagged as slow (default: EPHEMERAL_DEFAULT_BRANCH, else origin/HEAD, else main or master, whichever exists)',
      )
      .option('--json', 'print machine-readable JSON on stdout');

  withRunOptions(program.command('run', { isDefault: true }))
    .description('up, ready, seed, suites, collect, down; the exit code tells the outcome')
    .option('--keep', 'keep the environment after the run (until its TTL)')
    .option('--upgrade-from [ref]', upgradeFromHelp)
    .action((options: RawRunOptions & GlobalOptions) => run(runCommand(options, jsonOf(options), env)));

  withRunOptions(program.command('up'))
    .description('provision (or update), wait until ready, seed; print the URLs and leave it running')
    .option('--show-secrets', 'with --json, print secret outputs in full')
    .option('--upgrade-from [ref]', upgradeFromHelp)
    .action((options: RawRunOptions & GlobalOptions & { showSecrets?: boolean }) =>
      run(upCommand(options, jsonOf(options), options.showSecrets ?? false, env)),
    );

  withRunOptions(program.command('test'))
    .description('run the suites against the environment of a branch that is up')
    .action((options: RawRunOptions & GlobalOptions) => run(testCommand(options, jsonOf(options), env)));

  withRunOptions(program.command('down'))
    .description('destroy the environment of a branch and remove its stack (collects nothing)')
    .action((options: RawRunOptions & GlobalOptions) => run(downCommand(options, jsonOf(options), env)));

  program
    .command('list')
    .description('the environments that exist: branch, slug, age, expiry, URLs, state (running, degraded, stopped, abandoned)')
    .option(...kubeconfigOption)
    .option(...contextOption)
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: ClusterOptions) => run(listCommand(env, { kubeconfig: options.kubeconfig, context: options.context })));

  program
    .command('gc')
    .description('destroy what expired or leaked: stacks past their TTL or of runs that died, labelled objects without a stack; exit 0 only when nothing of it is left, else 3')
    .option('--dry-run', 'only say what would be removed')
    .option(...kubeconfigOption)
    .option(...contextOption)
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: GlobalOptions & ClusterOptions & { dryRun?: boolean }) =>
      run(gcCommand(env, { dryRun: options.dryRun ?? false, json: jsonOf(options), cluster: { kubeconfig: options.kubeconfig, context: options.context } })),
    );

  program
    .command('report')
    .description("a finished run as the body of the pull request's comment (markdown with a hidden marker the workflow updates in place), or its report.html rendered again")
    .addOption(new Option('--format <format>', 'github-comment (markdown on stdout) or html (rewrites the run\'s report.html)').default('github-comment'))
    .option('--run <dir>', 'the run\'s folder, artifacts/<slug>/<run-id>/ (default: the branch\'s latest run)')
    .option('--branch <name>', 'the branch whose latest run to take (default: as for run)')
    .option('--artifacts <dir>', 'where the runs are (default: ./artifacts)')
    .option('--destroyed', 'the comment after the preview was torn down')
    .option('--config <path>', 'the project\'s ephemeral.config.ts (for its entry points)')
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: ReportOptions) => run(reportCommand(options, env)));

  program
    .command('history')
    .description("the project's runs on this machine, oldest first: outcome and each phase's seconds (a failed phase marked !); kept as JSONL under the cache folder's history/")
    .option('--branch <name>', 'only the runs of this branch')
    .option('--limit <runs>', 'the latest this many runs', '20')
    .option('--config <path>', 'the project\'s ephemeral.config.ts (for its name)')
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: HistoryOptions) => run(historyCommand(options, env)));

  program
    .command('doctor')
    .description('check every prerequisite and say exactly how to fix each one that is missing; the kubernetes target\'s pieces count only with --target kubernetes')
    .addOption(new Option('--target <target>', 'also require what this target needs').choices(['docker', 'kubernetes']).default('docker'))
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: { target: 'docker' | 'kubernetes' }) => run(doctorCommand(env, options.target === 'kubernetes' ? ['docker', 'kubernetes'] : ['docker'])));

  program
    .command('init')
    .description('write a starting ephemeral.config.ts, a tiny program, an env suite and a CI workflow into this repository (never overwrites)')
    .option('--dry-run', 'only list what it would write')
    .option('--name <name>', "the project's name (default: this folder's name)")
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: { dryRun?: boolean; name?: string }) => run(initCommand(process.cwd(), { dryRun: options.dryRun ?? false, ...(options.name ? { name: options.name } : {}) })));

  program
    .command('bootstrap')
    .description('install what is missing: Docker engine, Pulumi CLI and plugins, browser, base images; with --target kubernetes also the local cluster (binaries, its NetworkPolicy controller, packages, images) and the kubernetes plugin')
    .addOption(new Option('--target <target>', 'also install what this target needs').choices(['docker', 'kubernetes']).default('docker'))
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: GlobalOptions & { target: 'docker' | 'kubernetes' }) => {
      const json = options.json ?? program.opts<GlobalOptions>().json ?? false;
      run(bootstrapCommand(env, progressWriter(json), options.target === 'kubernetes' ? ['docker', 'kubernetes'] : ['docker']));
    });

  const cluster = program
    .command('cluster')
    .description('the local single-node Kubernetes cluster of the kubernetes target (kept running between runs, like the Docker engine)');
  cluster
    .command('up')
    .description('build what is missing, start the cluster and wait until the node is Ready, CoreDNS answers and NetworkPolicies are enforced (already up: ok at once, after starting a NetworkPolicy controller that is not running)')
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: GlobalOptions) => run(clusterUpCommand(env, progressWriter(jsonOf(options)))));
  cluster
    .command('down')
    .description('stop every cluster process by its recorded pid and remove what it left (mounts, iptables chains, nftables tables, netfilter queues, network namespaces, cni0, kubepods cgroups); exit 3 naming what is left')
    .option('--json', 'print machine-readable JSON on stdout')
    .action((options: GlobalOptions) => run(clusterDownCommand(env, progressWriter(jsonOf(options)))));
  cluster
    .command('status')
    .description('up, down or degraded; whether the node is Ready and NetworkPolicies are enforced; the kubeconfig path and context (KUBECONFIG=<path> kubectl ...)')
    .option('--json', 'print machine-readable JSON on stdout')
    .action(() => run(clusterStatusCommand(env)));

  return program;
}

async function main(argv: string[]): Promise<ExitCode> {
  let pending: Promise<CommandResult> | undefined;
  const program = buildProgram((result) => {
    pending = result;
  }, dropBlankSettings(process.env));
  // `run` is the default command, so commander would read an unknown word as its argument.
  const [first] = argv;
  const commands = program.commands.map((command) => command.name());
  if (first && !first.startsWith('-') && !commands.includes(first)) {
    process.stderr.write(`error: unknown command '${first}'\n  fix: use one of ${commands.join(', ')} (see --help)\n`);
    return ExitCode.usage;
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  if (!pending) {
    program.outputHelp();
    return ExitCode.usage;
  }
  const json = argv.includes('--json');
  try {
    const result = await pending;
    if (json) process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    else for (const line of result.lines) process.stdout.write(`${line}\n`);
    return result.exitCode;
  } catch (error) {
    const exitCode = error instanceof EphemeralError ? error.exitCode : ExitCode.provisionFailed;
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: describeError(error) }, null, 2)}\n`);
    process.stderr.write(`ephemeral: ${describeError(error)}\n`);
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
