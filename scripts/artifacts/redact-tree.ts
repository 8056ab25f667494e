// The last pass over a run's artifacts, once every secret is known: each text file is
// rewritten through the redactor, so no secret survives in any of them.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Redactor } from './redact.ts';

const textExtensions = new Set(['.log', '.json', '.jsonl', '.md', '.xml', '.txt', '.html', '.csv', '.prom', '.svg']);

export function redactTree(dir: string, redact: Redactor): number {
  let rewritten = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !textExtensions.has(extname(entry.name))) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const clean = redact(text);
    if (clean !== text) {
      writeFileSync(file, clean);
      rewritten += 1;
    }
  }
  return rewritten;
}
