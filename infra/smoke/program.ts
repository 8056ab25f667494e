// The smallest real stack: a generated password, a labelled internal network and a
// Redis container from a local base image that uses the password and must turn
// healthy. The end-to-end smoke test and `doctor`-level checks run it.
import * as docker from '@pulumi/docker';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';

export interface SmokeStackConfig {
  slug: string;
  labels: Record<string, string>;
  redisImage: string;
}

export interface SmokeStackOutputs {
  networkName: pulumi.Output<string>;
  containerName: pulumi.Output<string>;
  redisPassword: pulumi.Output<string>;
}

export function smokeProgram(config: SmokeStackConfig): () => Promise<SmokeStackOutputs> {
  const labels = Object.entries(config.labels).map(([label, value]) => ({ label, value }));
  return async () => {
    const password = new random.RandomPassword(`${config.slug}-redis-password`, { length: 24, special: false });
    const network = new docker.Network(`${config.slug}-private`, {
      name: `${config.slug}-private`,
      internal: true,
      labels,
    });
    const redis = new docker.Container(`${config.slug}-redis`, {
      name: `${config.slug}-redis`,
      image: config.redisImage,
      networksAdvanced: [{ name: network.name, aliases: ['redis'] }],
      envs: [pulumi.interpolate`REDIS_PASSWORD=${password.result}`],
      command: ['sh', '-c', 'exec redis-server --protected-mode no --requirepass "$REDIS_PASSWORD"'],
      healthcheck: {
        tests: ['CMD-SHELL', 'redis-cli --no-auth-warning -a "$REDIS_PASSWORD" ping | grep -q PONG'],
        // Docker runs the first probe only after one interval: keep it short.
        interval: '500ms',
        timeout: '2s',
        retries: 20,
      },
      wait: true,
      waitTimeout: 60,
      labels,
    });
    return {
      networkName: network.name,
      containerName: redis.name,
      redisPassword: pulumi.secret(password.result),
    };
  };
}
