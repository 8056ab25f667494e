import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseWriter } from '../../scripts/cli/progress-writers.ts';

function fakeStream(isTTY: boolean) {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean };
  stream.isTTY = isTTY;
  let written = '';
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stream, written: () => written };
}

describe('progress writers', () => {
  it('writes plain lines and the full engine output in CI', () => {
    const { stream, written } = fakeStream(true);
    const writer = chooseWriter(false, { CI: 'true' }, stream);
    writer.progress('up ...');
    writer.engineOutput(' +  docker:index:Network a created\n');
    expect(written()).toBe('up ...\n +  docker:index:Network a created\n');
  });

  it('writes nothing to the terminal with --json', () => {
    const { stream, written } = fakeStream(true);
    const writer = chooseWriter(true, {}, stream);
    writer.progress('up ...');
    writer.engineOutput('noise');
    expect(written()).toBe('');
  });

  it('keeps phase lines and shows only the latest engine line on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const writer = chooseWriter(false, {}, stream);
    writer.progress('up ...');
    writer.engineOutput('first\nsecond\n');
    expect(written()).toContain('up ...\n');
    expect(written()).toContain('second');
    expect(written()).not.toContain('first');
  });
});
