import { readFileSync } from 'node:fs';
import { cosineRadiusPairs } from '../src/core/curation/cosine-radius';
import { exactCopyGroups } from '../src/core/curation/exact-copies';
import { standardizedFieldVectors } from '../src/core/curation/field-vectors';
import { nearDuplicateClusters } from '../src/core/curation/near-duplicates';
import { csvFile, expect, importThroughWizard, test } from './fixtures';
import { openTab } from './lib/spam-pool';
import { currentDatasetId, readStore } from './lib/store';

/** wine.csv plus two near-copies (every number 0.3 % larger) and one exact copy under new ids. */
function plantedWine() {
  const lines = readFileSync(new URL('../public/sample/tabular/wine.csv', import.meta.url), 'utf8').trim().split('\n');
  const row = (id: string) => lines.find((l) => l.startsWith(`${id},`))!.split(',');
  const nudged = (id: string, copy: string) => row(id).map((cell, j) => (j === 0 ? copy : /^[\d.]+$/.test(cell) ? String(+(Number(cell) * 1.003).toFixed(4)) : cell)).join(',');
  const exact = ['w100-copy', ...row('w100').slice(1)].join(',');
  return csvFile('wine-planted.csv', [...lines, nudged('w0', 'w0-near'), nudged('w50', 'w50-near'), exact].join('\n') + '\n');
}

interface StoredChunk {
  datasetId: string;
  index: number;
  ids: string[];
  fields: Record<string, string[]>;
}

test('near-duplicate table rows: cosine radius on standardised fields finds the clusters the core computes, planted copies among them', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await importThroughWizard(page, plantedWine());
  await expect(page.getByTestId('labeled-count')).toHaveText('181 of 181 labeled');

  await openTab(page, 'Curate');
  const threshold = page.getByTestId('dedupe-threshold');
  await expect(threshold).toHaveValue('0.95');
  await threshold.fill('0.99');
  await expect(threshold).toHaveValue('0.99');
  await page.getByTestId('dedupe-run').click();
  const summary = page.getByTestId('dedupe-summary');
  await expect(summary).toContainText('among 181 items (cosine similarity of standardised fields ≥ 0.99; exact copies by content)', { timeout: 60_000 });

  // The same clusters from the core over the stored rows: numeric fields standardised, cosine ≥ 0.99, exact copies by cells.
  const id = await currentDatasetId(page);
  const dataset = (await readStore<{ id: string; fields: string[]; columnTypes: Record<string, string> }>(page, 'datasets')).find((d) => d.id === id)!;
  const chunks = (await readStore<StoredChunk>(page, 'chunks')).filter((c) => c.datasetId === id).sort((a, b) => a.index - b.index);
  const ids = chunks.flatMap((c) => c.ids);
  const column = (f: string) => chunks.flatMap((c) => c.fields[f] ?? []);
  const n = ids.length;
  const numeric = dataset.fields.filter((f) => dataset.columnTypes[f] === 'numeric').map(column);
  expect(numeric).toHaveLength(13);
  const { data, dim } = standardizedFieldVectors(numeric, n);
  const pairs = cosineRadiusPairs(data, dim, 0.99);
  const cells = dataset.fields.map(column);
  const groups = exactCopyGroups(ids.map((_, i) => cells.map((c) => c[i] ?? '').join('\u001f')));
  const expected = nearDuplicateClusters(n, pairs, groups, { human: new Int16Array(n).fill(-1) }).clusters;
  const run = (await readStore<{ kind: string; status: string; results: { clusters: number[][]; method: string; vectors: string } }>(page, 'runs')).find((r) => r.kind === 'dedupe' && r.status === 'done')!;
  expect(run.results).toMatchObject({ method: 'vectors', vectors: 'standardised fields' });
  expect(run.results.clusters).toEqual(expected);
  await expect(summary).toContainText(`${expected.length} clusters of near-duplicates`);
  await expect(page.getByTestId('dedupe-cluster')).toHaveCount(Math.min(100, expected.length));

  // Each planted copy shares a cluster with its original.
  const clusterOf = (x: string) => expected.findIndex((c) => c.includes(ids.indexOf(x)));
  for (const [original, copy] of [['w0', 'w0-near'], ['w50', 'w50-near'], ['w100', 'w100-copy']]) {
    expect(clusterOf(copy)).toBeGreaterThanOrEqual(0);
    expect(clusterOf(copy)).toBe(clusterOf(original));
  }
  // Opening the exact copy's cluster lists both rows, one kept.
  const c = clusterOf('w100-copy');
  await page.getByTestId('dedupe-open').nth(c).click();
  await expect(page.getByTestId('dedupe-member')).toHaveCount(expected[c].length);
  await expect(page.getByTestId('dedupe-members')).toContainText('w100-copy');
  await expect(page.getByTestId('dedupe-member').filter({ hasText: 'kept' })).toHaveCount(1);
});
