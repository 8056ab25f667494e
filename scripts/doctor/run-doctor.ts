// Checks every prerequisite without changing anything: one result per component. The
// kubernetes target's pieces are always shown, but count towards doctor's verdict only
// when that target is asked for, so a Docker-only machine's doctor stays green.
import { type ToolchainTarget, doctorComponents, kubernetesDoctorComponents } from '../components/all-components.ts';
import type { Component, ComponentStatus, ToolchainContext } from '../components/component.ts';

export interface DoctorCheck extends ComponentStatus {
  name: string;
  /** Whether a failure of this check fails doctor (false: shown for information). */
  required: boolean;
}

async function check(component: Component, ctx: ToolchainContext, required: boolean): Promise<DoctorCheck> {
  try {
    return { name: component.name, required, ...(await component.inspect(ctx)) };
  } catch (error) {
    return { name: component.name, required, ok: false, detail: `check failed: ${(error as Error).message}` };
  }
}

export async function runDoctor(ctx: ToolchainContext, targets: readonly ToolchainTarget[] = ['docker']): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const component of doctorComponents(ctx.pins)) checks.push(await check(component, ctx, true));
  const kubernetesRequired = targets.includes('kubernetes');
  for (const component of kubernetesDoctorComponents(ctx.pins)) checks.push(await check(component, ctx, kubernetesRequired));
  return checks;
}

export function formatDoctorLine(check: DoctorCheck): string {
  const mark = check.ok ? 'ok     ' : check.required ? 'missing' : 'absent ';
  const fix = !check.ok && check.fix ? `\n          fix: ${check.fix}` : '';
  return `${mark} ${check.name.padEnd(16)} ${check.detail}${fix}`;
}
