// The engine's output for one run: up and destroy logs and the event stream go to the
// artifacts as they happen, and the same text goes to the terminal's live view.
import { appendFileSync } from 'node:fs';
import type { EngineEvent } from '@pulumi/pulumi/automation/index.js';
import type { EngineLogs } from '../lifecycle/provision.ts';
import type { ArtifactLayout } from './artifact-layout.ts';

export interface EngineLogFiles {
  up: EngineLogs;
  destroy: EngineLogs;
  preview: EngineLogs;
}

export function engineLogFiles(layout: ArtifactLayout, live: (text: string) => void): EngineLogFiles {
  const to = (file: string): EngineLogs => ({
    onOutput: (text) => {
      appendFileSync(file, text);
      live(text);
    },
    onEvent: (event: EngineEvent) => appendFileSync(layout.eventsLog, `${JSON.stringify(event)}\n`),
  });
  return { up: to(layout.upLog), destroy: to(layout.destroyLog), preview: to(layout.previewLog) };
}
