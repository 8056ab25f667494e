// Each app service's /metrics, scraped before teardown from inside its container (the
// worker is not reachable from the host, by design), written as metrics/<name>.prom.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

export async function scrapeMetrics(services: Record<string, string[]>, ports: Record<string, number>, dir: string): Promise<string[]> {
  const scraped: string[] = [];
  for (const [service, port] of Object.entries(ports)) {
    for (const container of services[service] ?? []) {
      const script = `fetch('http://127.0.0.1:${port}/metrics').then(r=>r.text()).then(t=>process.stdout.write(t),()=>process.exit(1))`;
      const result = await execa('docker', ['exec', container, 'node', '-e', script], { reject: false, timeout: 10_000 });
      if (result.exitCode === 0) {
        writeFileSync(join(dir, `${container}.prom`), result.stdout);
        scraped.push(container);
      }
    }
  }
  return scraped;
}
