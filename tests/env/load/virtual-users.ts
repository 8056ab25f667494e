// Virtual users for the load phase, driven by autocannon: each connection is one person
// who, at a steady pace, creates an item, reads its result, lists their items and reads the item
// back, as the suites' flows do, through web or straight at the api. Every item created is
// recorded, so the job audit can check each was done exactly once.
import autocannon from 'autocannon';
import type { Session } from '../support/items.ts';

export interface VirtualUserOptions {
  /** The entry point's origin, and the prefix of its api routes ('/api' through web). */
  url: string;
  pathPrefix: string;
  connections: number;
  /** Each connection's pace; autocannon sends no faster. */
  requestsPerSecondPerUser: number;
  durationSeconds: number;
  sessions: readonly Session[];
  testId: string;
  signal: AbortSignal;
}

export interface TrafficRecord {
  latenciesMs: number[];
  /** Answers outside 2xx, and requests that got no answer (connection errors, timeouts). */
  errors: number;
  attempts: number;
  statusCounts: Record<string, number>;
  createdItemIds: string[];
  seconds: number;
}

interface UserContext {
  session?: Session;
  itemId?: string;
}

export async function driveVirtualUsers(options: VirtualUserOptions): Promise<TrafficRecord> {
  const record: TrafficRecord = { latenciesMs: [], errors: 0, attempts: 0, statusCounts: {}, createdItemIds: [], seconds: 0 };
  if (options.connections === 0) return record;
  let assigned = 0;
  let sequence = 0;
  const headersOf = (context: UserContext, json: boolean): Record<string, string> => ({
    'x-test-id': options.testId,
    authorization: `Bearer ${context.session!.token}`,
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const itemPath = (context: UserContext, suffix = '') =>
    context.itemId ? `${options.pathPrefix}/items/${context.itemId}${suffix}` : `${options.pathPrefix}/items?limit=1`;

  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (request, raw) => {
        const context = raw as UserContext;
        // Each connection is one person, alternating between the seeded users.
        context.session ??= options.sessions[assigned++ % options.sessions.length];
        sequence += 1;
        return {
          ...request,
          path: `${options.pathPrefix}/items`,
          headers: headersOf(context, true),
          body: JSON.stringify({ title: `load ${options.testId.slice(-8)} ${sequence}`, body: 'made under load by a virtual user' }),
        };
      },
      onResponse: (status, body, raw) => {
        const context = raw as UserContext;
        delete context.itemId;
        if (status !== 201) return;
        const id = (JSON.parse(body) as { item?: { id?: string } }).item?.id;
        if (id) {
          context.itemId = id;
          record.createdItemIds.push(id);
        }
      },
    },
    { method: 'GET', setupRequest: (request, raw) => ({ ...request, path: itemPath(raw, '/result'), headers: headersOf(raw, false) }) },
    { method: 'GET', setupRequest: (request, raw) => ({ ...request, path: `${options.pathPrefix}/items?limit=20`, headers: headersOf(raw, false) }) },
    { method: 'GET', setupRequest: (request, raw) => ({ ...request, path: itemPath(raw), headers: headersOf(raw, false) }) },
  ];

  const startedAt = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        connectionRate: options.requestsPerSecondPerUser,
        duration: options.durationSeconds,
        timeout: 10,
        requests,
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error('autocannon failed')) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      record.latenciesMs.push(responseTime);
      record.statusCounts[statusCode] = (record.statusCounts[statusCode] ?? 0) + 1;
      if (statusCode < 200 || statusCode >= 300) record.errors += 1;
    });
    const stop = () => instance.stop();
    options.signal.addEventListener('abort', stop, { once: true });
    instance.on('done', () => options.signal.removeEventListener('abort', stop));
  });
  record.seconds = (performance.now() - startedAt) / 1_000;
  // Requests that never got an answer show only in autocannon's own counts.
  record.errors += result.errors + result.timeouts;
  record.attempts = record.latenciesMs.length + result.errors + result.timeouts;
  return record;
}
