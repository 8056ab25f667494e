// The Kubernetes stack's shape, with Pulumi's mocks (no cluster): one namespace per
// branch with the stack's labels (annotations for what labels cannot hold), the same
// services as on Docker, the migration Job gating api and worker, only web and api
// reachable from outside the namespace, and secrets only in a Secret.
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { type KubernetesStackOutputs, kubernetesStackProgram } from '../../infra/kubernetes/program.ts';
import { kubernetesStackConfig } from '../../infra/kubernetes/stack-config.ts';
import { isLabelValue, splitStackLabels } from '../../infra/kubernetes/metadata.ts';
import { environmentOutputsSchema, isKubernetesOutputs } from '../../infra/outputs-schema.ts';

/** The parts of a Kubernetes object's inputs the checks read. */
interface ObjectInputs {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    type?: string;
    ports?: Array<Record<string, unknown>>;
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { containers: Array<{ imagePullPolicy?: string }> };
    };
  };
}

interface Registered {
  type: string;
  name: string;
  inputs: ObjectInputs;
}

const registered: Registered[] = [];
const labels = { 'ephemeral.stack': 'feat-x', 'ephemeral.branch': 'feat/X', 'ephemeral.run': 'r1', 'ephemeral.expires': '2026-12-04T10:00:00.000Z' };
let outputs: KubernetesStackOutputs;

function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const ofKind = (kind: string) => registered.filter((resource) => resource.type === `kubernetes:${kind}`);
const deployments = () => ofKind('apps/v1:Deployment');
const nameOf = (resource: Registered) => resource.inputs.metadata?.name;
const deployment = (name: string) => deployments().find((resource) => nameOf(resource) === name);
const template = (resource: Registered | undefined) => resource?.inputs.spec?.template;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = args.inputs as ObjectInputs & Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = { ...inputs };
        if (args.type === 'random:index/randomPassword:RandomPassword') state['result'] = 'generated-secret-value';
        if (args.type === 'kubernetes:batch/v1:Job') state['metadata'] = { ...inputs.metadata, uid: 'migrate-job-uid' };
        if (args.type === 'kubernetes:core/v1:Service') {
          const spec = inputs.spec ?? {};
          state['spec'] = { ...spec, ports: (spec.ports ?? []).map((port) => (spec.type === 'NodePort' ? { ...port, nodePort: 31000 } : port)) };
        }
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    'ephemeral',
    'feat-x',
    false,
  );
  outputs = await kubernetesStackProgram(
    kubernetesStackConfig({ slug: 'feat-x', labels, images: { postgres: 'pg:1', redis: 'redis:1', app: 'app:1' } }),
  )();
  await Promise.all([unwrap(outputs.webUrl), unwrap(outputs.apiUrl)]);
  for (let seen = -1; seen !== registered.length; ) {
    seen = registered.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

describe('kubernetes metadata', () => {
  it('keeps label-valid values as labels and moves the rest to annotations of the same key', () => {
    expect(splitStackLabels(labels)).toEqual({
      labels: { 'ephemeral.stack': 'feat-x', 'ephemeral.run': 'r1' },
      annotations: { 'ephemeral.branch': 'feat/X', 'ephemeral.expires': '2026-12-04T10:00:00.000Z' },
    });
  });

  it('judges label values as the API server does', () => {
    expect(isLabelValue('')).toBe(true);
    expect(isLabelValue('never')).toBe(true);
    expect(isLabelValue('a'.repeat(63))).toBe(true);
    expect(isLabelValue('a'.repeat(64))).toBe(false);
    expect(isLabelValue('-a')).toBe(false);
    expect(isLabelValue('a:b')).toBe(false);
  });
});

describe('kubernetes stack shape', () => {
  it('puts everything in one namespace named by the slug, carrying the stack labels and annotations', () => {
    const [namespace] = ofKind('core/v1:Namespace');
    expect(namespace?.inputs.metadata).toMatchObject({
      name: 'feat-x',
      labels: { 'ephemeral.stack': 'feat-x', 'ephemeral.run': 'r1' },
      annotations: { 'ephemeral.branch': 'feat/X', 'ephemeral.expires': '2026-12-04T10:00:00.000Z' },
    });
    const namespaced = registered.filter((resource) => resource.type.startsWith('kubernetes:') && resource.type !== 'kubernetes:core/v1:Namespace');
    expect(namespaced.length).toBeGreaterThan(10);
    for (const resource of namespaced) expect(resource.inputs.metadata?.namespace, resource.name).toBe('feat-x');
  });

  it('runs the services of the Docker stack, with the same replica counts', () => {
    expect(deployments().map(nameOf).sort()).toEqual(['api', 'db', 'queue', 'web', 'worker']);
    expect(deployment('api')?.inputs.spec?.replicas).toBe(2);
    expect(deployment('worker')?.inputs.spec?.replicas).toBe(2);
    expect(ofKind('batch/v1:Job').map(nameOf)).toEqual(['migrate']);
  });

  it('ties api and worker pods to the migration Job they need, and nothing else', () => {
    const migrationOf = (name: string) => template(deployment(name))?.metadata.annotations?.['ephemeral.migration'];
    expect(migrationOf('api')).toBe('migrate-job-uid');
    expect(migrationOf('worker')).toBe('migrate-job-uid');
    for (const name of ['db', 'queue', 'web']) expect(migrationOf(name), name).toBeUndefined();
  });

  it('names Services as the app expects on Docker and exposes only web and api outside the cluster', () => {
    const services = Object.fromEntries(ofKind('core/v1:Service').map((resource): [string, string | undefined] => [nameOf(resource) ?? '', resource.inputs.spec?.type]));
    expect(services).toEqual({ db: 'ClusterIP', queue: 'ClusterIP', api: 'NodePort', web: 'NodePort' });
  });

  it('serves the entry points on 127.0.0.1 only', async () => {
    expect(await unwrap(outputs.webUrl)).toBe('http://127.0.0.1:31000');
    expect(await unwrap(outputs.apiUrl)).toBe('http://127.0.0.1:31000');
  });

  it('isolates the namespace: ingress from its own pods, and from anywhere only to the entry points', () => {
    const policies = ofKind('networking.k8s.io/v1:NetworkPolicy').map((resource) => resource.inputs.spec);
    expect(policies).toContainEqual({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
    expect(policies).toContainEqual({
      podSelector: { matchExpressions: [{ key: 'ephemeral.service', operator: 'In', values: ['web', 'api'] }] },
      policyTypes: ['Ingress'],
      ingress: [{}],
    });
  });

  it('keeps generated passwords out of every pod spec: they arrive from the Secret', () => {
    const specs = JSON.stringify([...deployments(), ...ofKind('batch/v1:Job')].map((resource) => resource.inputs));
    expect(specs).not.toContain('generated-secret-value');
    expect(specs).toContain('secretKeyRef');
    expect(JSON.stringify(ofKind('core/v1:Secret')[0]?.inputs)).toContain('generated-secret-value');
  });

  it('marks the admin password output secret', async () => {
    expect(await (outputs.adminPassword as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
  });

  it("returns outputs the suites' schema reads as Kubernetes outputs, naming the namespace", async () => {
    const resolved = {
      ...outputs,
      namespace: await unwrap(outputs.namespace),
      webUrl: await unwrap(outputs.webUrl),
      apiUrl: await unwrap(outputs.apiUrl),
      adminPassword: await unwrap(outputs.adminPassword),
    };
    const parsed = environmentOutputsSchema.parse(resolved);
    expect(isKubernetesOutputs(parsed)).toBe(true);
    expect(parsed).toMatchObject({ target: 'kubernetes', namespace: 'feat-x', stackName: 'feat-x' });
  });

  it('labels every pod with its service and the stack, and never pulls on the local cluster', () => {
    for (const resource of [...deployments(), ...ofKind('batch/v1:Job')]) {
      const pod = template(resource);
      expect(pod?.metadata.labels).toMatchObject({ 'ephemeral.stack': 'feat-x', 'ephemeral.service': nameOf(resource) });
      for (const container of pod?.spec.containers ?? []) expect(container.imagePullPolicy).toBe('Never');
      expect(pod?.spec.containers.length).toBe(1);
    }
  });
});
