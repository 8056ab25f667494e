// A small JSON client for the suites: every request carries the test's x-test-id, answers
// are returned whatever their status (a suite asserts on the status), bodies parsed once.
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined for an empty or non-JSON body. */
  body: unknown;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with content-type application/json (for malformed-body cases). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface HttpClient {
  /** Where paths are resolved: the api itself, or the web entry point's /api proxy. */
  readonly baseUrl: string;
  readonly testId: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResponse>;
  get(path: string, options?: RequestOptions): Promise<HttpResponse>;
  post(path: string, json?: unknown, options?: RequestOptions): Promise<HttpResponse>;
  patch(path: string, json?: unknown, options?: RequestOptions): Promise<HttpResponse>;
  delete(path: string, options?: RequestOptions): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  baseUrl: string;
  testId: string;
  /** Per request: a healthy environment answers in milliseconds, so a hang fails fast. */
  timeoutMs?: number;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  const request = async (method: string, path: string, requestOptions: RequestOptions = {}): Promise<HttpResponse> => {
    const headers: Record<string, string> = { 'x-test-id': options.testId, ...requestOptions.headers };
    if (requestOptions.token !== undefined) headers['authorization'] = `Bearer ${requestOptions.token}`;
    let body: string | undefined;
    if (requestOptions.json !== undefined) body = JSON.stringify(requestOptions.json);
    if (requestOptions.rawBody !== undefined) body = requestOptions.rawBody;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
  };

  return {
    baseUrl,
    testId: options.testId,
    request,
    get: (path, requestOptions) => request('GET', path, requestOptions),
    post: (path, json, requestOptions) => request('POST', path, { ...requestOptions, json }),
    patch: (path, json, requestOptions) => request('PATCH', path, { ...requestOptions, json }),
    delete: (path, requestOptions) => request('DELETE', path, requestOptions),
  };
}

/** The two ways into the api: directly, and through the web entry point's proxy. */
export type Entry = 'web' | 'api';

export function entryBaseUrl(entry: Entry, urls: { webUrl: string; apiUrl: string }): string {
  return entry === 'web' ? `${urls.webUrl.replace(/\/+$/, '')}/api` : urls.apiUrl;
}
