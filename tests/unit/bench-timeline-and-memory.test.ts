// Where provisioning spends its time (engine events and docker inspect times), and the
// driver's memory from a process table snapshot.
import { describe, expect, it } from 'vitest';
import { foldPeak, groupOfCommand, parseStatLine, treeMemory } from '../../scripts/bench/process-tree.ts';
import { containerTimeline, dockerTimeMs, engineTimeline, mergeTimelines, parseEventLines } from '../../scripts/bench/provision-timeline.ts';

const origin = Date.UTC(2026, 10, 25, 4, 0, 0, 500);
const at = (seconds: number) => Math.floor(origin / 1000) + seconds;
const step = (kind: 'resourcePreEvent' | 'resOutputsEvent', seconds: number, type: string, name: string, op = 'create') => ({
  timestamp: at(seconds),
  [kind]: { metadata: { op, type, urn: `urn:pulumi:s::ephemeral::${type}::${name}` } },
});

describe('engineTimeline', () => {
  const events = [
    { timestamp: at(1), preludeEvent: {} },
    step('resourcePreEvent', 1, 'pulumi:providers:docker', 'default_5_2_0'),
    step('resOutputsEvent', 2, 'pulumi:providers:docker', 'default_5_2_0'),
    step('resourcePreEvent', 2, 'docker:index/network:Network', 'st-private'),
    step('resOutputsEvent', 4, 'docker:index/network:Network', 'st-private'),
    step('resourcePreEvent', 4, 'docker:index/container:Container', 'st-db'),
    step('resOutputsEvent', 7, 'docker:index/container:Container', 'st-db'),
    { timestamp: at(8), summaryEvent: {} },
    step('resourcePreEvent', 20, 'docker:index/container:Container', 'st-db', 'delete'),
  ];

  it('gives each resource of the first update its asked and done times from the provision start', () => {
    const timeline = engineTimeline(events, origin, 'st');
    expect(timeline.find((entry) => entry.name === 'db')).toEqual({ name: 'db', kind: 'container', requested: 3.5, done: 6.5 });
    expect(timeline.find((entry) => entry.name === 'private')).toMatchObject({ kind: 'network', requested: 1.5, done: 3.5 });
    expect(timeline.find((entry) => entry.name === 'default_5_2_0')).toMatchObject({ kind: 'engine', done: 1.5 });
  });

  it('marks the engine from its first event to its summary, and ignores the destroy after it', () => {
    const timeline = engineTimeline(events, origin, 'st');
    expect(timeline[0]).toEqual({ name: 'engine', kind: 'engine', requested: 0.5, done: 7.5 });
    expect(timeline.filter((entry) => entry.name === 'db')).toHaveLength(1);
  });

  it('parses an event log line by line', () => {
    expect(parseEventLines('{"timestamp":1}\n\n{"timestamp":2}\n')).toEqual([{ timestamp: 1 }, { timestamp: 2 }]);
  });
});

describe('containerTimeline', () => {
  it('reads Docker nanosecond times to the millisecond and skips "never"', () => {
    expect(dockerTimeMs('2026-11-25T04:00:02.123456789Z')).toBe(Date.UTC(2026, 10, 25, 4, 0, 2, 123));
    expect(dockerTimeMs('0001-01-01T00:00:00Z')).toBeUndefined();
  });

  it('gives created and started from the provision start, by short name', () => {
    const [entry] = containerTimeline([{ Name: '/st-api-1', Created: '2026-11-25T04:00:03.000Z', State: { StartedAt: '2026-11-25T04:00:03.750000000Z' } }], origin, 'st');
    expect(entry).toEqual({ name: 'api-1', kind: 'container', created: 2.5, started: 3.25 });
  });

  it('merges sources by name, the first source winning, the engine first', () => {
    const merged = mergeTimelines(
      [{ name: 'db', kind: 'container', requested: 3, done: 6 }],
      [{ name: 'db', kind: 'container', created: 3.2, started: 3.6, done: 99 }, { name: 'engine', kind: 'engine', requested: 0 }],
    );
    expect(merged).toEqual([
      { name: 'engine', kind: 'engine', requested: 0 },
      { name: 'db', kind: 'container', requested: 3, done: 6, created: 3.2, started: 3.6 },
    ]);
  });
});

describe('process tree memory', () => {
  const mib = 1024 ** 2;
  const table = [
    { pid: 1, ppid: 0, rssBytes: 5 * mib, command: 'init' },
    { pid: 10, ppid: 1, rssBytes: 100 * mib, command: 'node scripts/cli/main.ts run' },
    { pid: 11, ppid: 10, rssBytes: 80 * mib, command: '/root/.cache/ephemeral/pulumi/3.274.1/bin/pulumi up --yes' },
    { pid: 12, ppid: 11, rssBytes: 40 * mib, command: '/root/.pulumi/plugins/resource-docker/pulumi-resource-docker' },
    { pid: 13, ppid: 10, rssBytes: 60 * mib, command: 'node node_modules/vitest/vitest.mjs run --project api' },
    { pid: 14, ppid: 13, rssBytes: 30 * mib, command: 'node worker.js' },
    { pid: 15, ppid: 10, rssBytes: 20 * mib, command: 'docker logs --timestamps x' },
    { pid: 20, ppid: 1, rssBytes: 500 * mib, command: 'node unrelated' },
  ];

  it('sums the tree under the root by group: children inherit their parent’s group', () => {
    const memory = treeMemory([10], table);
    expect(memory.totalBytes).toBe(330 * mib);
    expect(memory.byGroup).toEqual({ driver: 100 * mib, pulumi: 120 * mib, suites: 90 * mib, docker: 20 * mib, other: 0 });
    expect(memory.processes).toBe(6);
  });

  it('adds several roots together', () => {
    expect(treeMemory([11, 13], table).totalBytes).toBe(210 * mib);
  });

  it('groups commands by program', () => {
    expect(groupOfCommand('/x/bin/pulumi-language-nodejs')).toBe('pulumi');
    expect(groupOfCommand('node node_modules/playwright/cli.js test')).toBe('suites');
    expect(groupOfCommand('docker inspect a')).toBe('docker');
    expect(groupOfCommand('sh -c true')).toBe('other');
  });

  it('keeps the sample with the highest total and counts samples', () => {
    const small = treeMemory([11], table);
    const large = treeMemory([10], table);
    const peak = foldPeak(foldPeak(foldPeak(undefined, small), large), small);
    expect(peak).toEqual({ totalBytes: large.totalBytes, byGroup: large.byGroup, samples: 3 });
  });

  it('reads the parent pid and resident pages from a stat line whose command holds spaces and parentheses', () => {
    const line = '4242 (node (x) y) S 4100 4242 4100 0 -1 4194560 9 0 0 0 12 3 0 0 20 0 11 0 5100 1234567 2560 18446744073709551615';
    expect(parseStatLine(line)).toEqual({ ppid: 4100, residentPages: 2560 });
    expect(parseStatLine('4242 (node) S')).toBeUndefined();
  });
});
