// Optional part of the stack contract, for the bench only: the project's stack as plain
// data (containers, networks, volumes), which the bench's baselines build with the docker
// CLI and with docker-compose instead of Pulumi, to compare the tool against them.
import type { StackOutputs } from './define-config.ts';

export interface HealthSpec {
  /** Docker's form: ['CMD', ...argv] or ['CMD-SHELL', script]. */
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  startPeriod: string;
}

export interface EnvEntry {
  name: string;
  value: string;
  /** Secret values never go on a command line or into a file: the CLI reads them from its environment. */
  secret: boolean;
}

export interface ServiceSpec {
  /** The service the container belongs to. */
  role: string;
  /** The container name, `<slug>-<role>[-n]`. */
  name: string;
  image: string;
  command: string[];
  env: EnvEntry[];
  /** The first network is the one the container is created on (Docker publishes through it). */
  networks: Array<{ network: string; alias: string }>;
  /** The container port published on the publish address, host port chosen by the engine. */
  publish: number | undefined;
  health: HealthSpec | undefined;
  mounts: Array<{ volume: string; target: string }>;
  /** Runs to completion; must exit 0. */
  oneShot: boolean;
  /** Containers that must be healthy (a one-shot: exited 0) before this one starts. */
  after: string[];
}

export interface StackPlan {
  slug: string;
  labels: Record<string, string>;
  networks: Array<{ name: string; internal: boolean }>;
  volumes: string[];
  services: ServiceSpec[];
  publishAddress: string;
}

export interface BaselineRequest {
  slug: string;
  /** The `ephemeral.*` labels, for every container, network and volume. */
  labels: Record<string, string>;
  /** The config's image tags and the base images, by name. */
  images: Record<string, string>;
}

export interface BaselineStack {
  plan: StackPlan;
  /** Every generated secret value, for redaction. */
  secrets: string[];
  /** The outputs the program would return, once the containers run; `publishedUrl` asks Docker for a published port. */
  outputs(publishedUrl: (container: string, port: number) => Promise<string>): Promise<StackOutputs>;
}

export interface BenchDefinition {
  /** The same stack as the target's program, as plain data, with fresh secrets per call. */
  baseline(request: BaselineRequest): BaselineStack;
}
