// The baselines' view of a project's stack as plain data (the contract's `bench.baseline`):
// the types, re-exported, and what the baselines read of a plan.
import type { StackPlan } from '../../contract/baseline-plan.ts';

export type { EnvEntry, HealthSpec, ServiceSpec, StackPlan } from '../../contract/baseline-plan.ts';

/** Container names per role. */
export function servicesByRole(plan: StackPlan): Record<string, string[]> {
  const roles: Record<string, string[]> = {};
  for (const spec of plan.services) (roles[spec.role] ??= []).push(spec.name);
  return roles;
}

/** Every secret value of the plan, keyed by variable name (each name has one value). */
export function secretEnvironment(plan: StackPlan): Record<string, string> {
  return Object.fromEntries(plan.services.flatMap((spec) => spec.env.filter((entry) => entry.secret).map((entry) => [entry.name, entry.value])));
}
