// Which iptables rules and chains the cluster left (kube-proxy's and kubelet's KUBE-*,
// the CNI plugins' CNI-*, the tool's EPHEMERAL-*), read from `iptables-save`, and the iptables calls that remove
// exactly those: the jumps to them from other chains (Docker's included), then the
// chains themselves. Pure; Docker's own chains and rules are never named.

// KUBE-* and CNI-* are kube-proxy's, kubelet's and the CNI plugins'; EPHEMERAL-* the tool's own (pod-egress-guard.ts).
const ownedChain = /^(KUBE|CNI|EPHEMERAL)-/;

export interface IptablesTable {
  table: string;
  chains: string[];
  /** Each rule as iptables-save prints it, split into arguments: `-A CHAIN ...`. */
  rules: string[][];
}

/** Splits one iptables-save line into arguments, honouring "double quotes" and \" inside. */
export function splitRuleLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (char === '\\' && inQuotes && line[index + 1] === '"') {
      current += '"';
      index += 1;
    } else if (char === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (char === ' ' && !inQuotes) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

export function parseIptablesSave(text: string): IptablesTable[] {
  const tables: IptablesTable[] = [];
  let current: IptablesTable | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      current = { table: line.slice(1).trim(), chains: [], rules: [] };
      tables.push(current);
    } else if (line.startsWith(':') && current) {
      current.chains.push(line.slice(1).split(' ')[0] ?? '');
    } else if (line.startsWith('-A ') && current) {
      current.rules.push(splitRuleLine(line));
    }
  }
  return tables;
}

/** `table/CHAIN` for every chain the cluster owns: what teardown must leave none of. */
export function ownedChains(text: string): string[] {
  return parseIptablesSave(text).flatMap(({ table, chains }) => chains.filter((chain) => ownedChain.test(chain)).map((chain) => `${table}/${chain}`));
}

/** The iptables argument lists that remove the owned chains, in an order that works. */
export function planIptablesCleanup(text: string): string[][] {
  const calls: string[][] = [];
  for (const { table, chains, rules } of parseIptablesSave(text)) {
    const owned = chains.filter((chain) => ownedChain.test(chain));
    if (owned.length === 0) continue;
    // A jump from a chain that stays (PREROUTING, FORWARD, Docker's) must go first, or
    // the owned chain cannot be deleted.
    for (const rule of rules) {
      const chain = rule[1] ?? '';
      const jumpIndex = rule.findIndex((arg) => arg === '-j' || arg === '-g');
      const target = jumpIndex >= 0 ? rule[jumpIndex + 1] ?? '' : '';
      if (!ownedChain.test(chain) && ownedChain.test(target)) calls.push(['-t', table, '-D', ...rule.slice(1)]);
    }
    for (const chain of owned) calls.push(['-t', table, '-F', chain]);
    for (const chain of owned) calls.push(['-t', table, '-X', chain]);
  }
  return calls;
}
