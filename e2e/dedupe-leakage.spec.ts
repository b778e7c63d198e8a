import { dedupeTexts } from '../src/core/curation/dedupe';
import { heldOutCopies } from '../src/core/curation/leakage';
import { csvFile, expect, importThroughWizard, test } from './fixtures';
import { addKeywordLf } from './lib/lf-steps';
import { openTab } from './lib/spam-pool';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

/** Made-up words from a seeded generator: texts that share no 5-grams beyond chance. */
function words(seed: number, count: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'pu', 'ra', 'si', 'to', 'vu', 'ze', 'bo', 'de', 'fi', 'gu', 'ha', 'jo'];
  // mulberry32: a tiny seeded generator whose low bits are as random as its high ones.
  let state = seed * 7919 + 17;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return Array.from({ length: count }, () => Array.from({ length: 2 + (next() % 3) }, () => syllables[next() % 16]).join('')).join(' ');
}

const ham = (i: number) => `${words(i, 14)} nice song`;
const spam = (i: number) => `please subscribe to my channel ${words(100 + i, 12)}`;

/**
 * 22 labelled comments (all drawn into canary and dev; two of them the same text with different
 * labels) and 36 pool comments: exact and near copies of eight labelled ones, a pool-only pair of near
 * copies, and 26 others.
 */
function leakyCsv() {
  const rows: string[][] = [];
  for (let i = 0; i < 10; i++) rows.push([`ham-${i}`, ham(i), 'ham']);
  for (let i = 0; i < 10; i++) rows.push([`spam-${i}`, spam(i), 'spam']);
  const clash = `${words(500, 14)} what a video`;
  rows.push(['clash-a', clash, 'ham'], ['clash-b', clash, 'spam']);
  for (const i of [0, 1, 2, 3]) rows.push([`copy-ham-${i}`, i % 2 ? `${ham(i)} !!` : ham(i), '']);
  for (const i of [0, 1, 2, 3]) rows.push([`copy-spam-${i}`, i % 2 ? `${spam(i)} !!` : spam(i), '']);
  rows.push(['pair-a', ham(600), ''], ['pair-b', `${ham(600)} !!`, '']);
  for (let i = 0; i < 26; i++) rows.push([`pool-${i}`, i % 3 === 0 ? spam(700 + i) : ham(700 + i), '']);
  return csvFile('leaky.csv', ['id,text,label', ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

test('near-duplicates of dev and canary items stay out of training selections unless kept; clusters of held-out items only are not offered for review', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await importThroughWizard(page, leakyCsv());
  await expect(page.getByTestId('labeled-count')).toHaveText('22 of 58 labeled');
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('11');
  await page.getByTestId('dev-size').fill('11');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info')).toContainText('Canary: 11 items, dev: 11 items');

  await openTab(page, 'Sources');
  await addKeywordLf(page, { name: 'subscribe', vote: 'spam', keywords: 'subscribe' }, { timeout: 60_000 });
  // A second LF for ham, so that every planted copy is predicted as its original is labelled.
  await addKeywordLf(page, { name: 'song', vote: 'ham', keywords: 'song' }, { timeout: 60_000 });
  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toBeVisible({ timeout: 90_000 });

  await openTab(page, 'Curate');
  await page.getByTestId('dedupe-run').click();
  const summary = page.getByTestId('dedupe-summary');
  await expect(summary).toContainText('clusters of near-duplicates among 58 items', { timeout: 60_000 });

  // The stored clusters are the core's; the held-out copies are exactly the eight planted ones.
  const id = await currentDatasetId(page);
  const chunks = (await readStore<{ datasetId: string; index: number; ids: string[]; text: string[] }>(page, 'chunks')).filter((c) => c.datasetId === id).sort((a, b) => a.index - b.index);
  const ids = chunks.flatMap((c) => c.ids);
  const expected = dedupeTexts(chunks.flatMap((c) => c.text), { threshold: 0.8 }).clusters;
  const run = (await readStore<{ kind: string; status: string; results: { clusters: number[][]; disagreeing: number[] } }>(page, 'runs')).find((r) => r.kind === 'dedupe' && r.status === 'done')!;
  expect(run.results.clusters).toEqual(expected);
  expect(expected).toHaveLength(10);
  const splits = await readColumnValues(page, id, 'split');
  expect(ids.filter((_, i) => splits[i] !== 0).sort()).toEqual(ids.filter((x) => /^(ham|spam|clash)-/.test(x)).sort());
  const copies = heldOutCopies(expected, splits);
  expect(copies.items.map((i) => ids[i]).sort()).toEqual(ids.filter((x) => x.startsWith('copy-')).sort());
  expect(copies.dev).toBeGreaterThan(0);
  expect(copies.canary).toBeGreaterThan(0);
  await expect(page.getByTestId('dedupe-held-out')).toHaveText(
    `8 pool items are near-duplicates of dev or canary items (${copies.dev} of dev, ${copies.canary} of canary): every selection used for training (Curate, Diverse subset, the kept items here) leaves them out, so that dev and canary stay unseen.`,
  );

  // The one cluster whose labels differ holds two held-out items only: nothing to review from here.
  const clash = expected.findIndex((c) => c.some((i) => ids[i] === 'clash-a'));
  expect(run.results.disagreeing).toEqual([clash]);
  await expect(page.getByTestId('dedupe-review')).toHaveText('Review disagreeing clusters (0)');
  await expect(page.getByTestId('dedupe-review')).toBeDisabled();
  await expect(page.getByTestId('dedupe-review-reason')).toHaveText('The 1 cluster whose labels differ holds only dev and canary items, which are never reviewed from here.');

  // A cluster with a held-out member names its split, and its pool member is marked.
  const first = copies.clusters[0];
  await expect(page.getByTestId('dedupe-cluster-held-out').nth(first)).toHaveText(/^(dev|canary)$/);
  await page.getByTestId('dedupe-open').nth(first).click();
  await expect(page.getByTestId('dedupe-member')).toHaveCount(2);
  await expect(page.getByTestId('dedupe-member-kept').filter({ hasText: 'near-duplicate of a dev/canary item' })).toHaveCount(1);

  // Kept items: the pool-only pair keeps one, the copies of held-out items none.
  const weights = (name: string) => readColumnValues(page, id, `selection:${name}:weight`);
  const picked = async (name: string) => (await weights(name)).flatMap((w, i) => (w > 0 ? [ids[i]] : []));
  await page.getByTestId('dedupe-selection-name').fill('clean');
  await page.getByTestId('dedupe-save').click();
  const curated = page.getByTestId('curate-summary');
  await expect(curated).toContainText('Selection “clean”: 27 of 36 pool items', { timeout: 60_000 });
  await expect(curated).toContainText('1 duplicates, 0 for balance, 8 near-duplicates of dev or canary items');
  const clean = await picked('clean');
  expect(clean.filter((x) => x.startsWith('copy-') || /^(ham|spam|clash)-/.test(x))).toEqual([]);
  expect(clean.filter((x) => x.startsWith('pair-'))).toHaveLength(1);

  // Kept on purpose: the copies enter, and the Curate tab says what that costs.
  await expect(page.getByTestId('dedupe-keep-held-out')).not.toBeChecked();
  await page.getByTestId('dedupe-keep-held-out').check();
  await expect(page.getByTestId('dedupe-keep-held-out')).toBeChecked();
  await page.getByTestId('dedupe-selection-name').fill('leaky');
  await page.getByTestId('dedupe-save').click();
  await expect(curated).toContainText('Selection “leaky”: 35 of 36 pool items', { timeout: 60_000 });
  await expect(page.getByTestId('curate-held-out')).toContainText('Kept 8 pool items that near-duplicate dev or canary items (as asked)');
  expect((await picked('leaky')).filter((x) => x.startsWith('copy-'))).toHaveLength(8);

  // The threshold/balance selection leaves them out too, naming the dedupe run.
  await page.getByTestId('curate-name').fill('thresholded');
  await page.getByTestId('curate-save').click();
  await expect(curated).toContainText('Selection “thresholded”: 28 of 36 pool items', { timeout: 60_000 });
  await expect(page.getByTestId('curate-held-out')).toContainText('Pool items that near-duplicate dev or canary items are left out (8 by dedupe run');
  expect((await picked('thresholded')).filter((x) => x.startsWith('copy-'))).toEqual([]);

  // The canary report says how many pool items copy canary items.
  await openTab(page, 'Canary report');
  await expect(page.getByTestId('canary-copies')).toContainText(`${copies.canary} pool item${copies.canary === 1 ? ' near-duplicates' : 's near-duplicate'} canary items`);
});
