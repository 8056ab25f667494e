// `pulumi up` by hand on Pulumi.yaml runs the same program the driver runs inline:
// the stack name is the slug, and images, sizes and durability come from stack config
// (`pulumi config set ephemeral:appImage ephemeral-app:<hash>`, and so on).
import * as pulumi from '@pulumi/pulumi';
import { dockerStackProgram } from './docker/program.ts';
import { defaultSizing, ephemeralStackConfig } from './docker/stack-config.ts';

const config = new pulumi.Config('ephemeral');
const slug = pulumi.getStack();
const expires = config.get('expires') ?? 'never';

const program = dockerStackProgram({
  ...ephemeralStackConfig({
    slug,
    labels: { 'ephemeral.stack': slug, 'ephemeral.branch': config.get('branch') ?? slug, 'ephemeral.run': 'manual', 'ephemeral.expires': expires },
    images: { postgres: config.require('postgresImage'), redis: config.require('redisImage'), app: config.require('appImage') },
    durableStorage: config.getBoolean('durableStorage') ?? true,
  }),
  apiReplicas: config.getNumber('apiReplicas') ?? defaultSizing.apiReplicas,
  workerReplicas: config.getNumber('workerReplicas') ?? defaultSizing.workerReplicas,
});

const outputs = await program();
export const { stackName, webUrl, apiUrl, adminEmail, adminPassword, services, networks } = outputs;
