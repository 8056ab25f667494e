// The /metrics of each container whose program labelled it with `ephemeral.metrics-port`,
// scraped before teardown from inside the container (a private service is not reachable
// from the host, by design), written as metrics/<name>.prom.
// All at once, over bash's /dev/tcp: a Node start per scrape would cost more than the
// scrape itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execInContainer } from '../docker/engine-api.ts';
import type { StackContainer } from '../docker/stack-services.ts';

/** An HTTP/1.0 GET of /metrics on the container's loopback: the server closes when done. */
export function metricsRequestScript(port: number): string {
  return `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /metrics HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\n\\r\\n' >&3 && cat <&3`;
}

/** The body of a 200 response, or undefined for any other answer. */
export function metricsBody(response: string): string | undefined {
  const headerEnd = response.indexOf('\r\n\r\n');
  if (headerEnd < 0 || !/^HTTP\/1\.[01] 200 /.test(response)) return undefined;
  return response.slice(headerEnd + 4);
}

export async function scrapeMetrics(containers: readonly StackContainer[], dir: string): Promise<string[]> {
  const targets = containers.flatMap(({ name, metricsPort }) => (metricsPort === undefined ? [] : [{ container: name, port: metricsPort }]));
  const scraped = await Promise.all(
    targets.map(async ({ container, port }) => {
      const result = await execInContainer(container, ['bash', '-c', metricsRequestScript(port)], { timeoutMs: 10_000 }).catch(() => undefined);
      const body = result?.exitCode === 0 ? metricsBody(result.output) : undefined;
      if (body === undefined) return undefined;
      writeFileSync(join(dir, `${container}.prom`), body);
      return container;
    }),
  );
  return scraped.filter((container): container is string => container !== undefined);
}
