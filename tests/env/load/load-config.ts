// The load phase's settings and thresholds, read from the one file that holds them
// (thresholds.json beside this module) and validated.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const loadConfigSchema = z.object({
  durationSeconds: z.number().positive().max(3_600),
  virtualUsers: z.object({ web: z.number().int().min(0).max(1_000), api: z.number().int().min(0).max(1_000) }),
  /** Each virtual user's pace: a request every 1/N seconds. */
  requestsPerSecondPerUser: z.number().positive().max(1_000),
  drainSeconds: z.number().positive().max(3_600),
  thresholds: z.object({
    p95LatencyMs: z.number().positive(),
    /** The share of the offered rate the stack must have answered: below it, it fell behind. */
    minSustainedShare: z.number().min(0).max(1),
    maxErrorRate: z.number().min(0).max(1),
    maxLostJobs: z.number().int().min(0),
    maxJobsDoneTwice: z.number().int().min(0),
  }),
});

export type LoadConfig = z.infer<typeof loadConfigSchema>;

export const thresholdsFile = new URL('./thresholds.json', import.meta.url);

/** The requests per second the virtual users offer together. */
export function offeredRate(config: Pick<LoadConfig, 'virtualUsers' | 'requestsPerSecondPerUser'>): number {
  return (config.virtualUsers.web + config.virtualUsers.api) * config.requestsPerSecondPerUser;
}

export function readLoadConfig(overrideSeconds?: string): LoadConfig {
  const config = loadConfigSchema.parse(JSON.parse(readFileSync(thresholdsFile, 'utf8')));
  if (overrideSeconds === undefined || overrideSeconds === '') return config;
  const seconds = Number(overrideSeconds);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`EPHEMERAL_LOAD_SECONDS must be a positive number of seconds, not "${overrideSeconds}"`);
  return { ...config, durationSeconds: seconds };
}
