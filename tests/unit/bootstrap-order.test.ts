// The bootstrap installs what is missing beside each other, each component once the ones
// it names in `after` are present: the plugins wait for the CLI, the base images for the
// engine, the browser for nothing. A failure stops what needs it, not what runs beside it.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { installComponents } from '../../scripts/bootstrap/run-bootstrap.ts';
import type { Component, ToolchainContext } from '../../scripts/components/component.ts';

const ctx = { logDir: '/tmp/bootstrap-logs' } as ToolchainContext;

/** A component that is missing until its install (which takes `ms`) ran; `events` records starts and ends. */
function fake(name: string, events: string[], options: { ms?: number; after?: string[]; present?: boolean; fails?: boolean } = {}): Component {
  let installed = options.present ?? false;
  return {
    name,
    ...(options.after ? { after: options.after } : {}),
    inspect: async () => ({ ok: installed, detail: installed ? `${name} here` : `${name} missing`, fix: 'bootstrap' }),
    install: async () => {
      events.push(`start ${name}`);
      await sleep(options.ms ?? 20);
      if (options.fails) throw new Error(`${name} broke`);
      installed = true;
      events.push(`end ${name}`);
      return { ok: true, detail: `${name} installed` };
    },
  };
}

describe('bootstrap order', () => {
  it('installs what needs nothing at once, and a component only after those it names', async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const steps = await installComponents(
      ctx,
      [
        fake('node', events, { present: true }),
        fake('docker engine', events, { ms: 30 }),
        fake('pulumi CLI', events, { ms: 80 }),
        fake('plugin random', events, { after: ['pulumi CLI'] }),
        fake('browser', events, { ms: 10 }),
        fake('base images', events, { after: ['docker engine'] }),
      ],
      (line) => lines.push(line),
    );
    expect(steps.map((step) => `${step.name} ${step.action}`)).toEqual(['node present', 'docker engine installed', 'pulumi CLI installed', 'plugin random installed', 'browser installed', 'base images installed']);
    // The engine, the CLI and the browser start together; the images follow the engine while the CLI still builds.
    expect(events.slice(0, 3).sort()).toEqual(['start browser', 'start docker engine', 'start pulumi CLI']);
    expect(events.indexOf('start base images')).toBeGreaterThan(events.indexOf('end docker engine'));
    expect(events.indexOf('start base images')).toBeLessThan(events.indexOf('end pulumi CLI'));
    expect(events.indexOf('start plugin random')).toBeGreaterThan(events.indexOf('end pulumi CLI'));
    expect(lines).toContain('bootstrap: plugin random ... installing (plugin random missing)');
  });

  it('stops what needs a failed component, lets the others finish, then throws the failure with its fix', async () => {
    const events: string[] = [];
    const run = installComponents(
      ctx,
      [fake('pulumi CLI', events, { fails: true }), fake('plugin random', events, { after: ['pulumi CLI'] }), fake('browser', events, { ms: 60 })],
      () => {},
    );
    await expect(run).rejects.toThrow(/pulumi CLI could not be installed: pulumi CLI broke/);
    expect(events).toContain('end browser');
    expect(events).not.toContain('start plugin random');
  });

  it('installs nothing when everything is present', async () => {
    const events: string[] = [];
    const steps = await installComponents(ctx, [fake('a', events, { present: true }), fake('b', events, { present: true, after: ['a'] })], () => {});
    expect(steps.map((step) => step.action)).toEqual(['present', 'present']);
    expect(events).toEqual([]);
  });
});
