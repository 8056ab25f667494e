// The error every expected failure is raised as: a stable code, the exit code the CLI
// ends with, and a remedy that names the command or setting that fixes it.

export const ExitCode = {
  ok: 0,
  suiteFailed: 1,
  provisionFailed: 2,
  teardownIncomplete: 3,
  usage: 64,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface EphemeralErrorOptions {
  code: string;
  exitCode: ExitCode;
  remedy?: string;
  cause?: unknown;
}

export class EphemeralError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly remedy: string | undefined;

  constructor(message: string, options: EphemeralErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'EphemeralError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.remedy = options.remedy;
  }
}

export function usageError(message: string, remedy: string): EphemeralError {
  return new EphemeralError(message, { code: 'E_USAGE', exitCode: ExitCode.usage, remedy });
}

/** One line for people: what happened and, when known, what fixes it. */
export function describeError(error: unknown): string {
  if (error instanceof EphemeralError) {
    return error.remedy ? `${error.message}\n  fix: ${error.remedy}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
