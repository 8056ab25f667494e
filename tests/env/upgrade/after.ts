// The reference stack's `upgrade.after` (ephemeral.config.ts): runs against the NEW version
// after the rollout. Reads back every item and result the old version wrote, then edits
// each one so that the new worker computes it again over the migrated rows.
import { isDeepStrictEqual } from 'node:util';
import { UpgradeCheckError, aliceClient, readHandoff, settledResult } from './upgrade-data.ts';

const { client, token, artifactsDir } = await aliceClient('upgrade-after');
const { items } = readHandoff(artifactsDir);
if (items.length === 0) throw new UpgradeCheckError('upgrade.before wrote no items: nothing to read back');
const problems: string[] = [];
for (const written of items) {
  const found = await client.get(`/items/${written.id}`, { token });
  const item = (found.body as { item?: { title: string; body: string } } | undefined)?.item;
  if (found.status !== 200 || !item) {
    problems.push(`item ${written.id} ("${written.title}") is gone: HTTP ${found.status}`);
    continue;
  }
  if (item.title !== written.title || item.body !== written.body) problems.push(`item ${written.id} changed: "${item.title}" / "${item.body}"`);
  const result = await settledResult(client, token, written.id);
  if (result.status !== 'done' || !isDeepStrictEqual(result.result, written.result)) {
    problems.push(`the result of item ${written.id} is not the one the old worker wrote: ${JSON.stringify(result)}`);
  }
  // The new version updates old rows, and its worker recomputes them.
  const edited = await client.patch(`/items/${written.id}`, { title: `${written.title} (upgraded)` }, { token });
  if (edited.status !== 200) {
    problems.push(`item ${written.id} cannot be updated by the new version: HTTP ${edited.status} ${edited.text}`);
    continue;
  }
  const recomputed = await settledResult(client, token, written.id, 2);
  if (recomputed.status !== 'done') problems.push(`the new worker did not recompute item ${written.id}: ${recomputed.status}`);
}
if (problems.length > 0) throw new UpgradeCheckError(`what the old version wrote did not survive the upgrade:\n  ${problems.join('\n  ')}`);
process.stdout.write(`upgrade.after: ${items.length} items of the old version read back, updated and recomputed by the new one\n`);
