// The suites' access on the Kubernetes target: replicas are the serving pods labelled
// with the service in the stack's namespace, a restart deletes the pod and waits for the
// Deployment's ready replacement, commands run through the API server's exec (no kubectl
// needed). The cluster is KUBECONFIG's (else ~/.kube/config), in EPHEMERAL_KUBE_CONTEXT
// when set, as the driver hands them over. The client library is loaded on first use, so
// a Docker run never pays for it.
import { delimiter } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CoreV1Api, KubeConfig, V1Status } from '@kubernetes/client-node';
import { notServingSummary, podView, type PodView, replacementReplica, servingReplicas } from './pod-choice.ts';
import type { ExecRequest, StackAccess } from './stack-access.ts';

const POLL_MS = 200;

interface Cluster {
  config: KubeConfig;
  core: CoreV1Api;
  client: typeof import('@kubernetes/client-node');
}

async function connect(env: Record<string, string | undefined>): Promise<Cluster> {
  const client = await import('@kubernetes/client-node');
  const config = new client.KubeConfig();
  // KUBECONFIG may list several files; the driver passes one.
  const [file] = (env['KUBECONFIG'] ?? '').split(delimiter).filter(Boolean);
  if (file) config.loadFromFile(file);
  else config.loadFromDefault();
  const context = env['EPHEMERAL_KUBE_CONTEXT'];
  if (context) {
    if (!config.getContexts().some((entry) => entry.name === context)) throw new Error(`the kubeconfig ${file ?? '(default)'} has no context ${context} (EPHEMERAL_KUBE_CONTEXT)`);
    config.setCurrentContext(context);
  }
  return { config, core: config.makeApiClient(client.CoreV1Api), client };
}

interface ExecSocket {
  close(): void;
  on(event: 'close', listener: () => void): void;
}

/** The exit code a failed exec reports in its status, as text. */
function exitCodeOf(status: V1Status): string {
  return status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message ?? 'unknown';
}

export function kubernetesAccess(namespace: string, env: Record<string, string | undefined>): StackAccess {
  let cluster: Promise<Cluster> | undefined;
  const connected = () => (cluster ??= connect(env));

  async function pods(service: string): Promise<PodView[]> {
    const { core } = await connected();
    const list = await core.listNamespacedPod({ namespace, labelSelector: `ephemeral.service=${service}` });
    return list.items.map(podView);
  }

  async function exec(replica: string, { argv, input, timeoutMs, onStdout }: ExecRequest): Promise<string> {
    const { config, core, client } = await connected();
    const pod = await core.readNamespacedPod({ name: replica, namespace });
    const container = pod.spec?.containers[0]?.name;
    if (!container) throw new Error(`pod ${replica} has no container`);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      out += text;
      onStdout?.(text);
    });
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const command = `${argv[0] ?? ''} in ${namespace}/${replica}`;
    return new Promise<string>((resolve, reject) => {
      let socket: ExecSocket | undefined;
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const timer = setTimeout(() => {
        socket?.close();
        settle(() => reject(new Error(`${command} did not finish within ${timeoutMs / 1_000} s`)));
      }, timeoutMs);
      // The status arrives last; stdout ends with it, so all its output is read first.
      const onStatus = (status: V1Status) => {
        void finished(stdout).then(() =>
          settle(() =>
            status.status === 'Success'
              ? resolve(out)
              : reject(new Error(`${command} failed (exit code ${exitCodeOf(status)}): ${err.trim() || status.message || 'no message'}`)),
          ),
        );
      };
      new client.Exec(config)
        .exec(namespace, replica, container, argv, stdout, stderr, Readable.from([Buffer.from(input)]), false, onStatus)
        .then((opened: unknown) => {
          // isomorphic-ws's type does not resolve here; these two members are what is used.
          const webSocket = opened as ExecSocket;
          socket = webSocket;
          // A connection that closes without a status: the exec never ran to the end.
          webSocket.on('close', () => setTimeout(() => settle(() => reject(new Error(`${command}: the exec connection closed without an exit status`))), 1_000));
        })
        .catch((error: unknown) => settle(() => reject(new Error(`${command}: cannot exec: ${(error as Error).message}`, { cause: error }))));
    });
  }

  return {
    replicas: async (service) => servingReplicas(await pods(service)),

    async restartReplica(service, replica, timeoutMs) {
      const { core } = await connected();
      const before = (await pods(service)).map((pod) => pod.name);
      await core.deleteNamespacedPod({ name: replica, namespace });
      const deadline = Date.now() + timeoutMs;
      let latest: PodView[] = [];
      while (Date.now() < deadline) {
        latest = await pods(service);
        const replacement = replacementReplica(before, latest);
        if (replacement) return replacement;
        await sleep(POLL_MS);
      }
      throw new Error(`no ready pod replaced ${namespace}/${replica} within ${timeoutMs / 1_000} s: ${notServingSummary(latest)}`);
    },

    exec,
  };
}
