// Checks every prerequisite without changing anything: one result per component.
import { doctorComponents } from '../components/all-components.ts';
import type { ComponentStatus, ToolchainContext } from '../components/component.ts';

export interface DoctorCheck extends ComponentStatus {
  name: string;
}

export async function runDoctor(ctx: ToolchainContext): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const component of doctorComponents(ctx.pins)) {
    try {
      checks.push({ name: component.name, ...(await component.inspect(ctx)) });
    } catch (error) {
      checks.push({ name: component.name, ok: false, detail: `check failed: ${(error as Error).message}` });
    }
  }
  return checks;
}

export function formatDoctorLine(check: DoctorCheck): string {
  const mark = check.ok ? 'ok     ' : 'missing';
  const fix = !check.ok && check.fix ? `\n          fix: ${check.fix}` : '';
  return `${mark} ${check.name.padEnd(16)} ${check.detail}${fix}`;
}
