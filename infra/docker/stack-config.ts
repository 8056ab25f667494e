// What a Docker stack is made of, as data. Production and every branch use the same
// program and the same defaults; an ephemeral stack differs only in this config
// (slug, labels, sizes, durability), never in images or runtime versions.
import { type FaultName, faults } from './faults.ts';
export interface StackImages {
  postgres: string;
  redis: string;
  /** The reference app: one image, each role chosen by its command. */
  app: string;
}

export interface DockerStackConfig {
  slug: string;
  /** ephemeral.* labels, put on every container, network and volume. */
  labels: Record<string, string>;
  images: StackImages;
  apiReplicas: number;
  workerReplicas: number;
  workerConcurrency: number;
  dbPoolSize: number;
  /** Production keeps fsync and Redis persistence; a throwaway copy need not wait for the disk. */
  durableStorage: boolean;
  adminEmail: string;
  /** The only address entry points are published on. */
  publishAddress: '127.0.0.1';
  /** A known fault to plant (tests of the suites themselves); none in production. */
  fault: FaultName | undefined;
}

export type StackSizing = Pick<DockerStackConfig, 'apiReplicas' | 'workerReplicas' | 'workerConcurrency' | 'dbPoolSize'>;

export const defaultSizing: StackSizing = { apiReplicas: 2, workerReplicas: 2, workerConcurrency: 4, dbPoolSize: 10 };

export interface EphemeralStackRequest {
  slug: string;
  labels: Record<string, string>;
  images: StackImages;
  sizing?: Partial<StackSizing>;
  durableStorage?: boolean;
  fault?: FaultName;
}

/** The sizes a stack runs with on any target: defaults, the caller's, then the planted fault's. */
export function stackSizing(sizing: Partial<StackSizing> | undefined, fault: FaultName | undefined): StackSizing {
  const effect = fault ? faults[fault] : undefined;
  return {
    ...defaultSizing,
    ...sizing,
    ...(effect?.workerReplicas !== undefined ? { workerReplicas: effect.workerReplicas } : {}),
    ...(effect?.dbPoolSize !== undefined ? { dbPoolSize: effect.dbPoolSize } : {}),
  };
}

export function ephemeralStackConfig(request: EphemeralStackRequest): DockerStackConfig {
  return {
    slug: request.slug,
    labels: request.labels,
    images: request.images,
    ...stackSizing(request.sizing, request.fault),
    fault: request.fault,
    durableStorage: request.durableStorage ?? false,
    adminEmail: 'admin@example.test',
    publishAddress: '127.0.0.1',
  };
}
