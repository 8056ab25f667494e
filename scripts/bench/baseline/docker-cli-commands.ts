// The docker CLI argv for each step of the plain docker-CLI baseline. Pure. Secrets are
// passed as `-e NAME` (the CLI takes the value from its own environment), never on argv.
import type { HealthSpec, ServiceSpec, StackPlan } from './stack-plan.ts';

function labelArgs(labels: Record<string, string>): string[] {
  return Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
}

/** POSIX single quotes: the docker CLI only takes a health check as a shell command. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** `--health-cmd` makes a CMD-SHELL check; a CMD check becomes its quoted argv. */
export function healthArgs(health: HealthSpec): string[] {
  const [kind, ...rest] = health.test;
  const command = kind === 'CMD-SHELL' ? rest.join(' ') : rest.map(shellQuote).join(' ');
  return [
    '--health-cmd',
    command,
    '--health-interval',
    health.interval,
    '--health-timeout',
    health.timeout,
    '--health-retries',
    String(health.retries),
    '--health-start-period',
    health.startPeriod,
  ];
}

export function networkCreateArgs(network: { name: string; internal: boolean }, labels: Record<string, string>): string[] {
  return ['network', 'create', ...(network.internal ? ['--internal'] : []), ...labelArgs(labels), network.name];
}

export function volumeCreateArgs(volume: string, labels: Record<string, string>): string[] {
  return ['volume', 'create', ...labelArgs(labels), volume];
}

/**
 * `docker run -d` for a container on one network; `docker create` when it joins more
 * (this engine's CLI takes one --network), then `network connect` and `start`. A one-shot
 * runs attached: `docker run` returns when it exits, with its exit code.
 */
export function containerArgs(spec: ServiceSpec, plan: Pick<StackPlan, 'labels' | 'publishAddress'>): string[] {
  const [first] = spec.networks;
  const verb = spec.networks.length > 1 ? ['create'] : spec.oneShot ? ['run'] : ['run', '--detach'];
  return [
    ...verb,
    '--name',
    spec.name,
    ...labelArgs(plan.labels),
    ...(first ? ['--network', first.network, '--network-alias', first.alias] : []),
    ...spec.env.flatMap((entry) => ['--env', entry.secret ? entry.name : `${entry.name}=${entry.value}`]),
    ...spec.mounts.flatMap((mount) => ['--mount', `type=volume,source=${mount.volume},target=${mount.target}`]),
    ...(spec.publish === undefined ? [] : ['--publish', `${plan.publishAddress}::${spec.publish}`]),
    ...(spec.health ? healthArgs(spec.health) : []),
    '--restart',
    'no',
    spec.image,
    ...spec.command,
  ];
}

/** What follows a `create`: join the other networks, then start. */
export function connectAndStartArgs(spec: ServiceSpec): string[][] {
  if (spec.networks.length <= 1) return [];
  return [...spec.networks.slice(1).map((network) => ['network', 'connect', '--alias', network.alias, network.network, spec.name]), ['start', spec.name]];
}

/** Teardown in three calls: containers (with anonymous volumes), networks, named volumes. */
export function teardownArgs(plan: StackPlan): string[][] {
  return [
    ['rm', '--force', '--volumes', ...plan.services.map((spec) => spec.name)],
    ['network', 'rm', ...plan.networks.map((network) => network.name)],
    ['volume', 'rm', '--force', ...plan.volumes],
  ];
}
