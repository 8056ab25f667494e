// The Docker Engine's HTTP API, for the calls a run makes over and over: container
// states while it waits, health probes, resource samples, the objects a stack labels. A
// request costs the driver well under a millisecond; the docker CLI costs a process, and
// starting one from the driver cost it 35 ms of CPU each time (the fork copies the page
// tables of a process that holds Pulumi's SDK): 2.6 core-seconds of the driver's 7.5 in
// one run. The engine is the one the Pulumi provider talks to: DOCKER_HOST (unix:// or
// tcp:// without TLS), else the default socket. Plain JSON over node:http: a client
// library would load more per driver start than the few calls here cost.
import { request } from 'node:http';
import { EphemeralError, ExitCode } from '../errors.ts';

export type EngineEndpoint = { socketPath: string } | { host: string; port: number };

const defaultSocket = '/var/run/docker.sock';

/** Where the engine listens, from DOCKER_HOST as the provider and the CLI read it. Pure. */
export function engineEndpoint(env: Record<string, string | undefined> = process.env): EngineEndpoint {
  const host = env['DOCKER_HOST']?.trim();
  if (!host) return { socketPath: defaultSocket };
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) || defaultSocket };
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp && !env['DOCKER_TLS_VERIFY']) return { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  throw new EphemeralError(`DOCKER_HOST=${host}: the tool reaches the Docker engine over a unix socket or plain tcp:// only`, {
    code: 'E_DOCKER_HOST',
    exitCode: ExitCode.usage,
    remedy: 'point DOCKER_HOST at the engine\'s socket (unix:///var/run/docker.sock), or forward the remote engine to one (ssh -L /tmp/docker.sock:/var/run/docker.sock host)',
  });
}

export interface EngineResponse {
  status: number;
  body: Buffer;
}

export interface EngineRequestOptions {
  body?: unknown;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

let endpoint: EngineEndpoint | undefined;

/** One request to the engine; the whole answer, whatever its status. */
export function engineRequest(method: string, path: string, options: EngineRequestOptions = {}): Promise<EngineResponse> {
  endpoint ??= engineEndpoint();
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const call = request(
      {
        ...endpoint,
        method,
        path,
        headers: { host: 'docker', ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
        signal: options.signal,
        timeout: options.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    call.on('timeout', () => call.destroy(new Error(`the Docker engine did not answer ${method} ${path} within ${options.timeoutMs} ms`)));
    call.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? new Error(`the Docker engine is not reachable (${error.message}): npm run ephemeral -- bootstrap starts it`) : error),
    );
    call.end(payload);
  });
}

/** The engine's message for a failed call, or the status. */
function engineError(method: string, path: string, response: EngineResponse): Error {
  let message = response.body.toString('utf8').trim();
  try {
    message = (JSON.parse(message) as { message?: string }).message ?? message;
  } catch {
    // not JSON: the text as it came
  }
  return Object.assign(new Error(`docker engine: ${method} ${path}: ${response.status} ${message}`), { status: response.status });
}

/** A call whose answer is JSON (or empty); a status of 400 and above throws with the engine's message. */
export async function engineJson<T>(method: string, path: string, options: EngineRequestOptions = {}): Promise<T> {
  const response = await engineRequest(method, path, options);
  if (response.status >= 400) throw engineError(method, path, response);
  return (response.body.length > 0 ? JSON.parse(response.body.toString('utf8')) : undefined) as T;
}

/** The query string of a list call filtered by labels (`key` or `key=value`). */
export function labelQuery(labels: string[], extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...extra, filters: JSON.stringify({ label: labels }) });
  return `?${query.toString()}`;
}

/** A container as the engine lists it. */
export interface ListedContainer {
  Id: string;
  Names: string[];
  Labels: Record<string, string> | null;
  State: string;
}

/** Every container (running or not) that carries all of `labels` (`key` or `key=value`). */
export function listContainers(labels: string[], signal?: AbortSignal): Promise<ListedContainer[]> {
  return engineJson<ListedContainer[]>('GET', `/containers/json${labelQuery(labels, { all: 'true' })}`, { signal });
}

/** A listed container's name, as `docker ps` prints it. */
export function containerName(container: Pick<ListedContainer, 'Names' | 'Id'>): string {
  return container.Names[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12);
}

/** An exec's output comes as frames: a byte for the stream, three zero bytes, a 4-byte big-endian size. Pure. */
export function demultiplex(raw: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export interface ExecResult {
  /** Undefined when the command did not finish in time. */
  exitCode: number | undefined;
  /** stdout and stderr together. */
  output: string;
}

/** Runs `command` in a running container, as `docker exec` does, and waits for it. */
export async function execInContainer(container: string, command: string[], options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<ExecResult> {
  const created = await engineJson<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, {
    body: { Cmd: command, AttachStdout: true, AttachStderr: true },
    signal: options.signal,
  });
  // Attached, the engine streams the output and closes the connection when the command ends.
  const started = await engineRequest('POST', `/exec/${created.Id}/start`, { body: { Detach: false, Tty: false }, signal: options.signal, timeoutMs: options.timeoutMs }).catch(
    (error: unknown) => {
      if (options.signal?.aborted) throw error;
      return undefined;
    },
  );
  if (!started) return { exitCode: undefined, output: `no answer within ${options.timeoutMs} ms` };
  if (started.status >= 400) throw engineError('POST', `/exec/${created.Id}/start`, started);
  const inspected = await engineJson<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${created.Id}/json`, { signal: options.signal });
  return { exitCode: inspected.Running ? undefined : (inspected.ExitCode ?? undefined), output: demultiplex(started.body) };
}
