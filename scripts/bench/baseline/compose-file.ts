// The Compose file of the docker-compose baseline, from the same plan as the docker CLI
// one. Pure. Secrets appear by name only (Compose takes their values from its own
// environment), so the file holds none; `$` is doubled where Compose would interpolate.
import { stringify } from 'yaml';
import type { ServiceSpec, StackPlan } from './stack-plan.ts';

const escapeDollars = (text: string) => text.replace(/\$/g, '$$$$');

/** The service's key in the file: its container name without the slug. */
export function composeServiceKey(plan: Pick<StackPlan, 'slug'>, spec: Pick<ServiceSpec, 'name'>): string {
  return spec.name.slice(plan.slug.length + 1);
}

function composeService(plan: StackPlan, spec: ServiceSpec): Record<string, unknown> {
  const byName = new Map(plan.services.map((service) => [service.name, service]));
  const networkKey = (network: string) => network.slice(plan.slug.length + 1);
  const dependsOn = Object.fromEntries(
    spec.after.map((name) => [
      composeServiceKey(plan, { name }),
      // Like the program: a service only has to exist (the apps retry their connections);
      // Compose's own health wait would cost a whole health check interval.
      { condition: byName.get(name)?.oneShot ? 'service_completed_successfully' : 'service_started' },
    ]),
  );
  return {
    container_name: spec.name,
    image: spec.image,
    command: spec.command.map(escapeDollars),
    environment: spec.env.map((entry) => (entry.secret ? entry.name : `${entry.name}=${escapeDollars(entry.value)}`)),
    labels: plan.labels,
    // The first network gets the highest priority: Compose connects it first, as the CLI baseline does.
    networks: Object.fromEntries(
      spec.networks.map((network, index) => [networkKey(network.network), { aliases: [network.alias], priority: 100 - index }]),
    ),
    ...(spec.mounts.length > 0 ? { volumes: spec.mounts.map((mount) => ({ type: 'volume', source: networkKey(mount.volume), target: mount.target })) } : {}),
    ...(spec.publish === undefined ? {} : { ports: [`${plan.publishAddress}::${spec.publish}`] }),
    ...(spec.health
      ? {
          healthcheck: {
            test: spec.health.test.map(escapeDollars),
            interval: spec.health.interval,
            timeout: spec.health.timeout,
            retries: spec.health.retries,
            start_period: spec.health.startPeriod,
          },
        }
      : {}),
    restart: 'no',
    ...(spec.after.length > 0 ? { depends_on: dependsOn } : {}),
  };
}

export function composeDocument(plan: StackPlan): Record<string, unknown> {
  const key = (name: string) => name.slice(plan.slug.length + 1);
  return {
    services: Object.fromEntries(plan.services.map((spec) => [composeServiceKey(plan, spec), composeService(plan, spec)])),
    networks: Object.fromEntries(plan.networks.map((network) => [key(network.name), { name: network.name, internal: network.internal, labels: plan.labels }])),
    volumes: Object.fromEntries(plan.volumes.map((volume) => [key(volume), { name: volume, labels: plan.labels }])),
  };
}

export function renderComposeFile(plan: StackPlan): string {
  // YAML 1.1 readers (PyYAML in docker-compose 1.x) take a bare `no` for false: quote strings that look like booleans.
  return stringify(composeDocument(plan), { version: '1.1', aliasDuplicateObjects: false });
}
