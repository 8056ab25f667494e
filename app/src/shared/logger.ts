// JSON logs for every role: one pino logger per process, tagged with the role and instance,
// with credentials redacted wherever they might appear.
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  role: string;
  level?: string;
  instance?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino({
    level: options.level ?? 'info',
    base: { role: options.role, instance: options.instance ?? hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
