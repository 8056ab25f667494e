// Where progress goes: a compact live view on a terminal (phase lines, plus one line
// that follows the engine), plain lines in CI and pipes, nothing with --json. The full
// engine output always lands in artifacts/.../pulumi/ whatever the writer shows.
import { createLogUpdate } from 'log-update';
import type { Env } from '../toolchain/cache-paths.ts';

export interface ProgressWriter {
  /** A line that stays: phase start and end, waits, warnings. */
  progress: (line: string) => void;
  /** The engine's raw output, in chunks. */
  engineOutput: (text: string) => void;
}

export function silentWriter(): ProgressWriter {
  return { progress: () => {}, engineOutput: () => {} };
}

export function plainWriter(stream: NodeJS.WriteStream): ProgressWriter {
  return {
    progress: (line) => stream.write(`${line}\n`),
    engineOutput: (text) => stream.write(text),
  };
}

export function terminalWriter(stream: NodeJS.WriteStream): ProgressWriter {
  const live = createLogUpdate(stream);
  let current = '';
  return {
    progress: (line) => {
      live.clear();
      stream.write(`${line}\n`);
      if (current) live(current);
    },
    engineOutput: (text) => {
      const last = text
        .split('\n')
        .map((part) => part.trim())
        .filter(Boolean)
        .at(-1);
      if (!last) return;
      current = `  ${last.slice(0, (stream.columns || 100) - 4)}`;
      live(current);
    },
  };
}

export function chooseWriter(json: boolean, env: Env, stream: NodeJS.WriteStream = process.stderr): ProgressWriter {
  if (json) return silentWriter();
  return stream.isTTY && !env['CI'] ? terminalWriter(stream) : plainWriter(stream);
}
