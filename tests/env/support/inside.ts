// What the suites do inside an api replica, on either target: run a Node script with the
// replica's own Node and environment, request the replica's own port (a replica no entry
// point publishes), and mint tokens with its key (which never leaves it).
import type { StackAccess } from './stack-access.ts';

/** Runs an ES module script with the replica's own Node and environment; returns its stdout. */
export async function runNodeInside(access: StackAccess, replica: string, script: string, timeoutMs = 15_000): Promise<string> {
  return access.exec(replica, { argv: ['node', '--input-type=module'], input: script, timeoutMs });
}

export interface InsideResponse {
  status: number;
  body: unknown;
}

/**
 * Requests made from inside an api replica to its own port: the way to reach a replica
 * that is not published, without knowing its address or port.
 */
export async function requestInside(
  access: StackAccess,
  replica: string,
  requests: { method: string; path: string; token?: string; json?: unknown }[],
  testId: string,
): Promise<InsideResponse[]> {
  const script = `
const requests = ${JSON.stringify(requests)};
const testId = ${JSON.stringify(testId)};
const base = 'http://127.0.0.1:' + (process.env.PORT || '8080');
const answers = [];
for (const request of requests) {
  const headers = { 'x-test-id': testId };
  if (request.token) headers.authorization = 'Bearer ' + request.token;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + request.path, {
    method: request.method,
    headers,
    body: request.json === undefined ? undefined : JSON.stringify(request.json),
  });
  const text = await response.text();
  answers.push({ status: response.status, body: text ? JSON.parse(text) : undefined });
}
process.stdout.write(JSON.stringify(answers));`;
  return JSON.parse(await runNodeInside(access, replica, script)) as InsideResponse[];
}

/**
 * A correctly signed token minted inside an api replica with its own key, `ageSeconds` in
 * the past and for `audience` (default: this stack). Used for expired and foreign-stack
 * tokens; such a token is useless outside the test.
 */
export async function mintTokenInside(
  access: StackAccess,
  replica: string,
  subject: { id: string; email: string; role: 'user' | 'admin' },
  options: { ageSeconds: number; ttlSeconds: number; audience?: string },
): Promise<string> {
  const script = `
const { createTokenService } = await import('/app/src/api/auth/tokens.ts');
const service = createTokenService({
  secret: process.env.TOKEN_SECRET,
  ttlSeconds: ${Number(options.ttlSeconds)},
  audience: ${options.audience === undefined ? 'process.env.STACK_NAME' : JSON.stringify(options.audience)},
  now: () => new Date(Date.now() - ${Number(options.ageSeconds) * 1_000}),
});
const { token } = await service.issue(${JSON.stringify(subject)});
process.stdout.write(token);`;
  return (await runNodeInside(access, replica, script)).trim();
}
