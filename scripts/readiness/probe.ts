// A readiness probe answers "ready yet?" once; waitUntilReady polls a set of them.
export interface ProbeResult {
  ready: boolean;
  detail: string;
}

export interface ReadinessProbe {
  name: string;
  check(signal: AbortSignal): Promise<ProbeResult>;
}
