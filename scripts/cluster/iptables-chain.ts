// The two iptables steps the cluster's own chains need (the pod egress guard, the
// NetworkPolicy queue): create or flush a chain, and put one jump to it first in another
// chain, only once however often `cluster up` runs.
import { execa } from 'execa';

export async function ensureChain(table: string, chain: string, flush: boolean): Promise<void> {
  const created = await execa('iptables', ['-t', table, '-N', chain], { reject: false });
  if (created.exitCode !== 0 && flush) await execa('iptables', ['-t', table, '-F', chain]);
}

export async function ensureFirstJump(table: string, from: string, to: string): Promise<void> {
  const present = await execa('iptables', ['-t', table, '-C', from, '-j', to], { reject: false });
  if (present.exitCode !== 0) await execa('iptables', ['-t', table, '-I', from, '1', '-j', to]);
}
