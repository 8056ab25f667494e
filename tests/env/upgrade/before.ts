// The reference stack's `upgrade.before` (ephemeral.config.ts): runs against the OLD version
// after its seed. Writes items through its api, waits for its worker's results, and
// records both for `upgrade.after`, which reads them back through the new version.
import { UpgradeCheckError, aliceClient, settledResult, writeHandoff, type WrittenItem } from './upgrade-data.ts';

const { client, token, artifactsDir } = await aliceClient('upgrade-before');
const items: WrittenItem[] = [];
for (const index of [1, 2, 3]) {
  const title = `written before the upgrade ${index}`;
  const body = `kept across the rollout (${index})`;
  const created = await client.post('/items', { title, body }, { token });
  if (created.status !== 201) throw new UpgradeCheckError(`the old version did not create "${title}": HTTP ${created.status} ${created.text}`);
  const { id } = (created.body as { item: { id: string } }).item;
  items.push({ id, title, body, result: undefined });
}
for (const item of items) {
  const result = await settledResult(client, token, item.id);
  if (result.status !== 'done') throw new UpgradeCheckError(`the old worker did not finish item ${item.id}: ${result.status}`);
  item.result = result.result;
}
writeHandoff(artifactsDir, { items });
process.stdout.write(`upgrade.before: ${items.length} items and their results written by the old version\n`);
