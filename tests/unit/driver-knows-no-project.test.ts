// The driver (scripts/) reaches a project only through its ephemeral.config.ts: it imports
// nothing of infra/, app/, tests/env/ or examples/, and names none of the reference stack's
// services, outputs, suites or faults. The reference project's own files may.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../../ephemeral.config.ts';

const root = join(import.meta.dirname, '..', '..');

function driverFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return driverFiles(path);
    return /\.(ts|sh|Dockerfile)$/.test(entry.name) ? [path] : [];
  });
}

const files = driverFiles(join(root, 'scripts')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));

/** Every match of the pattern, as `file:line: text`. */
function findings(pattern: RegExp, allowed: (line: string) => boolean = () => false): string[] {
  return files.flatMap(({ path, text }) =>
    text.split('\n').flatMap((line, index) => (pattern.test(line) && !allowed(line) ? [`${path}:${index + 1}: ${line.trim()}`] : [])),
  );
}

const referenceServices = ['db', 'queue', 'api', 'worker', 'web', 'migrate'];
const referenceSuites = (reference.suites ?? []).map((suite) => suite.name);
const referenceFaults = Object.keys(reference.faults ?? {});
const referenceOutputs = ['webUrl', 'apiUrl', 'adminPassword', 'adminEmail'];

describe('the driver knows no project', () => {
  it('imports nothing of infra/, app/, tests/ or examples/', () => {
    expect(findings(/from ['"](\.\.\/)+(infra|app|tests|examples)\//)).toEqual([]);
    expect(findings(/import\(['"](\.\.\/)+(infra|app|tests|examples)\//)).toEqual([]);
  });

  it("names none of the reference stack's outputs", () => {
    expect(findings(new RegExp(`\\b(${referenceOutputs.join('|')})\\b`))).toEqual([]);
  });

  it("names none of its services, suites or faults as a string (a stream's 'data' event aside)", () => {
    const names = [...new Set([...referenceServices, ...referenceSuites, ...referenceFaults])];
    const quoted = new RegExp(`['"\`](${names.map((name) => name.replace(/[-]/g, '\\-')).join('|')})['"\`]`);
    const streamEvent = (line: string) => /\.on\('data'/.test(line);
    expect(findings(quoted, streamEvent)).toEqual([]);
  });

  it('builds no reference container name', () => {
    expect(findings(new RegExp(`-(${referenceServices.join('|')})(-\\d+)?['\`]`))).toEqual([]);
  });
});
