// What every command returns; only the CLI shell prints it and sets the exit code.
import type { ExitCode } from '../errors.ts';

export interface CommandResult {
  exitCode: ExitCode;
  /** Lines for people. */
  lines: string[];
  /** The same result for scripts (--json). */
  json: unknown;
}
