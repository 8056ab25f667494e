// The pure parts of talking to the Docker engine's API: where it listens (as DOCKER_HOST
// says), label filters, an exec's framed output, and what a resource sample reads from
// the engine's stats.
import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, memoryInUse } from '../../scripts/artifacts/resource-sampler.ts';
import { containerName, demultiplex, engineEndpoint, labelQuery } from '../../scripts/docker/engine-api.ts';
import { defaultShares } from '../../scripts/docker/measurement-priority.ts';
import { stackContainersOf } from '../../scripts/docker/stack-services.ts';

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
};

describe('the Docker engine API', () => {
  it('listens where DOCKER_HOST says, the default socket without it', () => {
    expect(engineEndpoint({})).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(engineEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({ socketPath: '/run/user/1000/docker.sock' });
    expect(engineEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' })).toEqual({ host: '127.0.0.1', port: 2375 });
  });

  it('refuses an engine it cannot reach plainly, and names the fix', () => {
    expect(() => engineEndpoint({ DOCKER_HOST: 'ssh://me@build-box' })).toThrow(/unix socket or plain tcp/);
    expect(() => engineEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' })).toThrow(/DOCKER_HOST=tcp/);
    try {
      engineEndpoint({ DOCKER_HOST: 'ssh://me@build-box' });
    } catch (error) {
      expect((error as { remedy?: string }).remedy).toMatch(/DOCKER_HOST/);
    }
  });

  it('filters lists by labels as JSON, a key alone or key=value', () => {
    const query = new URLSearchParams(labelQuery(['ephemeral.stack=feature-x, y'], { all: 'true' }).slice(1));
    expect(query.get('all')).toBe('true');
    expect(JSON.parse(query.get('filters') ?? '')).toEqual({ label: ['ephemeral.stack=feature-x, y'] });
  });

  it('joins an exec\'s stdout and stderr frames in order, and drops a torn last frame', () => {
    const raw = Buffer.concat([frame(1, 'HTTP/1.0 200 OK\r\n'), frame(2, 'warning\n'), frame(1, 'body'), Buffer.from([1, 0, 0])]);
    expect(demultiplex(raw)).toBe('HTTP/1.0 200 OK\r\nwarning\nbody');
    expect(demultiplex(Buffer.alloc(0))).toBe('');
  });

  it('names a listed container as docker ps does', () => {
    expect(containerName({ Names: ['/x-api-1'], Id: 'abcdef0123456789' })).toBe('x-api-1');
    expect(containerName({ Names: [], Id: 'abcdef0123456789' })).toBe('abcdef012345');
  });

  it('groups a stack\'s containers by their service label, else by name, with their metrics port', () => {
    expect(
      stackContainersOf(
        [
          { name: 's-worker-2', labels: {} },
          { name: 's-api-1', labels: { 'ephemeral.service': 'api', 'ephemeral.metrics-port': '8080' } },
          { name: 's-db', labels: { 'ephemeral.metrics-port': 'none' } },
        ],
        's',
      ),
    ).toEqual([
      { name: 's-api-1', service: 'api', metricsPort: 8080 },
      { name: 's-db', service: 'db', metricsPort: undefined },
      { name: 's-worker-2', service: 'worker', metricsPort: undefined },
    ]);
  });
});

describe('the CPU weight given back after a measurement', () => {
  it('is the default a container never set, under cgroup v1 and v2', () => {
    expect(defaultShares('1')).toBe(1024);
    expect(defaultShares(undefined)).toBe(1024);
    // v2: cpu.weight = 1 + (shares - 2) * 9999 / 262142, and the default weight is 100.
    const weight = (shares: number) => 1 + Math.floor(((shares - 2) * 9999) / 262142);
    expect(weight(defaultShares('2'))).toBe(100);
    expect(weight(defaultShares('2') - 1)).toBe(99);
  });
});

describe('a resource sample from the engine\'s stats', () => {
  it('takes CPU between two samples, in percent of one core, as docker stats does', () => {
    const before = { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 100_000_000_000, online_cpus: 2 };
    // 0.5 s of CPU while the host's two cores ran 10 s between them (5 s of wall time): 10 % of one core.
    const after = { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 110_000_000_000, online_cpus: 2 };
    expect(cpuPercentBetween(before, after)).toBeCloseTo(10);
    expect(cpuPercentBetween(after, after)).toBe(0);
    expect(cpuPercentBetween(after, before)).toBe(0);
  });

  it('counts memory less the inactive page cache, under cgroup v1 and v2', () => {
    expect(memoryInUse({ usage: 100, stats: { total_inactive_file: 30 } })).toBe(70);
    expect(memoryInUse({ usage: 100, stats: { inactive_file: 40 } })).toBe(60);
    expect(memoryInUse({ usage: 100, stats: { total_inactive_file: 300 } })).toBe(100);
    expect(memoryInUse({})).toBe(0);
  });
});
