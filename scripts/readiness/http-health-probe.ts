// Ready when GET <url> answers 200: the services' own /health, which checks their
// database and queue for real, seen from the host through the published port.
import type { ProbeResult, ReadinessProbe } from './probe.ts';

export function httpHealthProbe(name: string, url: string): ReadinessProbe {
  return {
    name,
    async check(signal): Promise<ProbeResult> {
      try {
        const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(3000)]) });
        const body = (await response.text()).slice(0, 300);
        return { ready: response.status === 200, detail: `${response.status} ${body}` };
      } catch (error) {
        return { ready: false, detail: (error as Error).message };
      }
    },
  };
}
