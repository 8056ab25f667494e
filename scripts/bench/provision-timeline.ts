// Where provisioning spends its time, per resource, in seconds from the start of the
// provision phase: the Pulumi engine's event stream (pulumi/events.jsonl, 1 s resolution)
// and each container's `docker inspect` (Created, State.StartedAt: nanoseconds). Pure.
import type { TimelineEntry } from './bench-types.ts';

export interface EngineEventLine {
  timestamp: number;
  resourcePreEvent?: { metadata: { op: string; urn: string; type: string } };
  resOutputsEvent?: { metadata: { op: string; urn: string; type: string } };
  summaryEvent?: unknown;
}

export interface ContainerInspect {
  Name: string;
  Created: string;
  State: { StartedAt: string; FinishedAt?: string };
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

function kindOfType(type: string): TimelineEntry['kind'] | undefined {
  if (type.startsWith('pulumi:providers:')) return 'engine';
  if (type === 'docker:index/network:Network') return 'network';
  if (type === 'docker:index/volume:Volume') return 'volume';
  if (type === 'docker:index/container:Container') return 'container';
  if (type.startsWith('random:')) return 'secret';
  return undefined;
}

/** `<slug>-app-1` → `app-1`; provider resources keep their name (`default_5_2_0`). */
export function shortName(name: string, slug: string): string {
  return name.startsWith(`${slug}-`) ? name.slice(slug.length + 1) : name;
}

/**
 * The first update in the stream (up, not the preview or destroy after it): when each
 * resource was asked for and when the engine had its outputs, plus the engine's own
 * first and last event.
 */
export function engineTimeline(events: EngineEventLine[], originMs: number, slug: string): TimelineEntry[] {
  const origin = originMs / 1000;
  const entries = new Map<string, TimelineEntry>();
  let first: number | undefined;
  let last: number | undefined;
  for (const event of events) {
    first ??= event.timestamp;
    if (event.summaryEvent !== undefined) {
      last = event.timestamp;
      break;
    }
    const step = event.resourcePreEvent ?? event.resOutputsEvent;
    if (!step || step.metadata.op !== 'create') continue;
    const kind = kindOfType(step.metadata.type);
    if (!kind) continue;
    const name = shortName(step.metadata.urn.split('::').at(-1) ?? step.metadata.urn, slug);
    const entry = entries.get(name) ?? { name, kind };
    if (event.resourcePreEvent) entry.requested = round(event.timestamp - origin);
    else entry.done = round(event.timestamp - origin);
    entries.set(name, entry);
  }
  const engine: TimelineEntry[] =
    first === undefined ? [] : [{ name: 'engine', kind: 'engine', requested: round(first - origin), ...(last === undefined ? {} : { done: round(last - origin) }) }];
  return [...engine, ...entries.values()];
}

export function parseEventLines(text: string): EngineEventLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EngineEventLine);
}

/** Docker's RFC 3339 times carry nanoseconds; Date.parse takes milliseconds only. */
export function dockerTimeMs(text: string): number | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1]}.${fraction}${match[3]}`);
  // Docker writes 0001-01-01T00:00:00Z for "never".
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}

/** Created and started of each container, from its inspect data. */
export function containerTimeline(inspects: ContainerInspect[], originMs: number, slug: string): TimelineEntry[] {
  return inspects.map((inspect) => {
    const created = dockerTimeMs(inspect.Created);
    const started = dockerTimeMs(inspect.State.StartedAt);
    return {
      name: shortName(inspect.Name.replace(/^\//, ''), slug),
      kind: 'container',
      ...(created === undefined ? {} : { created: round((created - originMs) / 1000) }),
      ...(started === undefined ? {} : { started: round((started - originMs) / 1000) }),
    };
  });
}

/** One entry per name: later sources fill what earlier ones lack; the engine first, then by start. */
export function mergeTimelines(...sources: TimelineEntry[][]): TimelineEntry[] {
  const merged = new Map<string, TimelineEntry>();
  for (const entry of sources.flat()) {
    const known = merged.get(entry.name);
    merged.set(entry.name, known ? { ...entry, ...known, ...Object.fromEntries(Object.entries(entry).filter(([key]) => !(key in known))) } : { ...entry });
  }
  const start = (entry: TimelineEntry) => entry.requested ?? entry.created ?? entry.started ?? entry.done ?? Infinity;
  const rank = (entry: TimelineEntry) => (entry.kind === 'engine' && entry.name === 'engine' ? 0 : entry.kind === 'ready' ? 2 : 1);
  return [...merged.values()].sort((a, b) => rank(a) - rank(b) || start(a) - start(b) || a.name.localeCompare(b.name));
}
