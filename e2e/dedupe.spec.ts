import { dedupeTextsInMemory } from '../src/core/curation/dedupe-reference';
import { expect, test } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { openTab } from './lib/spam-pool';
import { fitWrenchLabelModels } from './lib/wrench-student';

interface StoredRun {
  kind: string;
  status: string;
  results: { clusters?: number[][]; keep?: number[]; disagreeing?: number[]; method?: string };
}

test('near-duplicates: clusters as all-pairs MinHash finds them, one kept each, disagreeing clusters reviewed, the kept items saved as a selection', async ({ page }) => {
  test.setTimeout(300_000);
  await fitWrenchLabelModels(page);

  await openTab(page, 'Curate');
  await expect(page.getByTestId('dedupe-threshold')).toHaveValue('0.8');
  await page.getByTestId('dedupe-run').click();
  const summary = page.getByTestId('dedupe-summary');
  await expect(summary).toContainText(/[\d,]+ clusters of near-duplicates among 1,956 items \(Jaccard of character 5-grams ≥ 0\.8/, { timeout: 60_000 });

  // The run, reading the store in two passes, holds exactly the clusters the first in-memory dedupe finds over the same texts.
  const id = await currentDatasetId(page);
  const run = (await readStore<StoredRun>(page, 'runs')).find((r) => r.kind === 'dedupe' && r.status === 'done')!;
  const chunks = (await readStore<{ datasetId: string; index: number; text: string[] }>(page, 'chunks')).filter((c) => c.datasetId === id).sort((a, b) => a.index - b.index);
  const expected = dedupeTextsInMemory(chunks.flatMap((c) => c.text), { threshold: 0.8 }).clusters;
  expect(expected.length).toBeGreaterThan(10);
  expect(run.results.clusters).toEqual(expected);
  await expect(summary).toContainText(`${expected.length} clusters`);
  await expect(page.getByTestId('dedupe-cluster')).toHaveCount(Math.min(100, expected.length));
  const keep = run.results.keep!;
  expect(keep.every((k, c) => expected[c].includes(k))).toBe(true);

  // Opening a cluster lists its members with their labels, one of them kept.
  await page.getByTestId('dedupe-open').first().click();
  await expect(page.getByTestId('dedupe-member')).toHaveCount(expected[0].length);
  await expect(page.getByTestId('dedupe-member').filter({ hasText: 'kept' })).toHaveCount(1);
  await expect(page.getByTestId('dedupe-member-label').first()).toHaveText(/(HAM|SPAM) \((you|label model)\)/);

  // A person labels one member of an all-pool cluster with the other class: that cluster now disagrees.
  const splits = await readColumnValues(page, id, 'split');
  const texts = chunks.flatMap((c) => c.text);
  const labelModel = (await readStore<StoredRun & { id: string }>(page, 'runs')).find((r) => r.kind === 'label-model' && r.status === 'done')!;
  const probs = await readColumnValues(page, id, `probs:${labelModel.id}`);
  const predictedAt = (i: number) => (Math.max(probs[2 * i], probs[2 * i + 1]) > 0.5 + 1e-6 ? 1 : 0);
  const target = expected.findIndex((c) => c.every((i) => splits[i] === 0 && predictedAt(i)) && !run.results.disagreeing!.includes(expected.indexOf(c)) && !/[\n"\\]/.test(texts[c[0]]) && texts[c[0]].length < 150);
  expect(target).toBeGreaterThanOrEqual(0);
  const members = page.getByTestId('dedupe-member-label');
  if (target !== 0) {
    await page.getByTestId('dedupe-open').nth(target).click();
    await expect(page.getByTestId('dedupe-members')).toContainText(`Cluster ${target + 1}`);
  }
  await expect(members).toHaveCount(expected[target].length);
  const predicted = (await members.first().textContent())!.startsWith('SPAM') ? 'SPAM' : 'HAM';
  await openTab(page, 'Items');
  const needle = texts[expected[target][0]];
  await page.getByTestId('filter-text').fill(needle);
  // The list shows the filtered items only once the count says so; a click before would hit the old list.
  const matching = texts.filter((t) => t.toLowerCase().includes(needle.toLowerCase())).length;
  await expect(page.getByTestId('match-count')).toHaveText(`${matching} item${matching === 1 ? '' : 's'}`);
  const rows = page.getByTestId('item-row');
  await expect(rows).toHaveCount(matching);
  await rows.first().click();
  await page.keyboard.press(predicted === 'SPAM' ? '1' : '2');
  await expect(page.getByTestId('labeled-count')).toHaveText('371 of 1,956 labeled');

  // Clusters whose members carry different labels go to Review (pool members only).
  await openTab(page, 'Curate');
  const fresh = run.results.disagreeing!.concat(target).sort((a, b) => a - b);
  // Only clusters with a pool member count: dev and canary items are never reviewed from here.
  const reviewable = fresh.filter((c) => expected[c].some((i) => splits[i] === 0));
  await expect(page.getByTestId('dedupe-review')).toHaveText(`Review disagreeing clusters (${reviewable.length})`);
  const picks = fresh.flatMap((c) => expected[c]).filter((i) => splits[i] === 0);
  await page.getByTestId('dedupe-review').click();
  await expect(page.getByTestId('review-progress')).toContainText(`item 1 of ${picks.length}`);
  await expect(page.getByTestId('review-reasons')).toContainText('near-duplicates with different labels');
  await expect(page.getByTestId('review-item')).toHaveAttribute('data-item', String(picks[0]));

  // The kept items become a selection: one pool item per cluster at most, no dev or canary item.
  await openTab(page, 'Curate');
  await expect(summary).toContainText(`${expected.length} clusters`);
  await page.getByTestId('dedupe-selection-name').fill('deduplicated');
  await page.getByTestId('dedupe-save').click();
  await expect(page.getByTestId('curate-summary')).toContainText(/Selection “deduplicated”: [\d,]+ of 1,586 pool items .* [1-9][\d,]* duplicates/, { timeout: 60_000 });
  const weight = await readColumnValues(page, id, 'selection:deduplicated:weight');
  expect(weight.filter((w, i) => w > 0 && splits[i] !== 0)).toEqual([]);
  for (const cluster of expected) expect(cluster.filter((i) => weight[i] > 0).length).toBeLessThanOrEqual(1);
  const poolOf = (cluster: number[]) => cluster.filter((i) => splits[i] === 0);
  // A cluster with a dev or canary member gives none of its pool members (they would leak held-out items into training).
  const leaks = (cluster: number[]) => cluster.some((i) => splits[i] !== 0);
  const dropped = expected.reduce((sum, c) => sum + (leaks(c) ? poolOf(c).length : Math.max(0, poolOf(c).length - 1)), 0);
  expect(weight.filter((w) => w > 0)).toHaveLength(1586 - dropped);
  for (const cluster of expected.filter(leaks)) expect(poolOf(cluster).filter((i) => weight[i] > 0)).toEqual([]);
});
