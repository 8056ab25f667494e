// CPU priority by order of admission: the runs a host admitted first keep the CPU, the
// later ones take what is left. Runs that share the CPU evenly all reach their latency
// measurement together and then wait for it one after another on an idle host (four runs
// on two cores: 187 s); in order, each measures while the later ones still work, and the
// later ones' work cannot skew it (148 s, every threshold met). Only ever lowered: anyone
// may lower a process's priority, raising it back needs privileges, and the order holds
// as the earlier runs end because every later run sits lower still.
import { getPriority, setPriority } from 'node:os';

/** The niceness of a run admitted after `ahead` others still running (0 when alone). */
export function niceForRunsAhead(ahead: number): number {
  const steps = [0, 10, 15, 19];
  return steps[Math.min(Math.max(0, Math.floor(ahead)), steps.length - 1)]!;
}

/**
 * Lowers this driver's priority for the runs admitted before it. It applies to the driver's
 * main thread and to every process it starts from now on (the engine, the suites, the
 * browser), which inherit it; never raised again.
 */
export function yieldToEarlierRuns(ahead: number, progress: (line: string) => void): void {
  const nice = niceForRunsAhead(ahead);
  if (nice <= getPriority()) return;
  try {
    setPriority(nice);
    progress(`${ahead} run${ahead === 1 ? '' : 's'} admitted before this one: it runs at lower CPU priority (nice ${nice}) so they finish first`);
  } catch (error) {
    progress(`could not lower this run's CPU priority: ${(error as Error).message}`);
  }
}
