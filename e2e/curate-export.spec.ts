import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { openTab } from './lib/spam-pool';
import { fitWrenchLabelModels } from './lib/wrench-student';

/** Exports the members of `selection` as CSV; returns the parsed rows and the lineage. */
async function exportSelection(page: Page, selection: string): Promise<{ name: string; rows: Record<string, string>[]; lineage: Record<string, any> }> {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export labels' });
  await dialog.getByTestId('export-selection').selectOption(selection);
  await expect(dialog.getByTestId('export-hf')).toBeDisabled();
  const data = page.waitForEvent('download', { predicate: (d) => !d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  const lineage = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.lineage.json'), timeout: 60_000 });
  await dialog.getByTestId('export-start').click();
  const [file, meta] = [await data, await lineage];
  await expect(dialog).toHaveCount(0);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(await file.path(), 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { name: file.suggestedFilename(), rows: parsed.data, lineage: JSON.parse(readFileSync(await meta.path(), 'utf8')) };
}

/** The Curate table's numeric cells, per class row: [before, after, total weight]. */
async function tableCounts(page: Page, rowId: string, classes: number): Promise<number[][]> {
  const rows = page.getByTestId(rowId);
  await expect(rows).toHaveCount(classes);
  return Promise.all(Array.from({ length: classes }, async (_, r) => (await rows.nth(r).locator('td').allTextContents()).map((t) => Number(t.replace(/,/g, '')))));
}

test('a selection balanced by weights exports only its members with their weights; a diverse subset is picked on vectors within it', async ({ page }) => {
  test.setTimeout(540_000);
  await fitWrenchLabelModels(page);

  await openTab(page, 'Curate');
  // No vectors yet: the panel says how to get them.
  await expect(page.getByTestId('diversity-no-vectors')).toContainText('Run an embedder in the Teachers tab');
  await page.getByTestId('curate-name').fill('balanced');
  await page.getByTestId('curate-balance').selectOption('uniform');
  await page.getByTestId('curate-by').selectOption('weights');
  await page.getByTestId('curate-save').click();
  await expect(page.getByTestId('curate-summary')).toContainText('Selection “balanced”', { timeout: 60_000 });
  // Per class: before, after, total weight, precision (NaN, unused).
  const curated = await tableCounts(page, 'curate-row', 2);
  const members = curated[0][1] + curated[1][1];

  const out = await exportSelection(page, 'balanced');
  expect(out.name).toBe('youtube_WRENCH_sample-selection-balanced.csv');
  expect(out.rows).toHaveLength(members);
  expect(new Set(out.rows.map((r) => r.split))).toEqual(new Set(['train']));
  const classNames = await page.getByTestId('curate-row').locator('th').allTextContents();
  expect(classNames).toHaveLength(2);
  for (const [c, name] of classNames.entries()) {
    const rows = out.rows.filter((r) => r.selection_label === name);
    expect(rows).toHaveLength(curated[c][1]);
    const weight = rows.reduce((sum, r) => sum + Number(r.selection_weight), 0);
    expect(weight).toBeCloseTo(curated[c][2], 0);
  }
  expect(out.lineage.selection).toMatchObject({ name: 'balanced', members, columns: ['selection_weight', 'selection_label'], built: { method: 'curate', spec: { balance: { target: 'uniform', by: 'weights' } } } });

  // Vectors from the built-in embedder, then a diverse subset of the selection's members.
  await openTab(page, 'Teachers');
  await page.getByTestId('teacher-model').selectOption('builtin:hashed-ngrams-embedder');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('embeddings')).toHaveText('vec:hashed-ngrams-embedder', { timeout: 240_000 });
  await openTab(page, 'Curate');
  await page.getByTestId('diversity-name').fill('spread');
  await page.getByTestId('diversity-size').fill('40');
  await page.getByTestId('diversity-within').selectOption('balanced');
  await page.getByTestId('diversity-save').click();
  await expect(page.getByTestId('diversity-summary')).toContainText(`Selection “spread”: 40 of ${members.toLocaleString('en-US')} candidates`, { timeout: 60_000 });
  expect(Number(await page.getByTestId('diversity-radius').textContent())).toBeGreaterThan(0);
  const picked = await tableCounts(page, 'diversity-row', 3);
  expect(picked.map((row) => row[0])).toEqual([curated[0][1], curated[1][1], 0]);
  expect(picked[0][1] + picked[1][1]).toBe(40);

  const id = await currentDatasetId(page);
  const weights = await readColumnValues(page, id, 'selection:spread:weight');
  const splits = await readColumnValues(page, id, 'split');
  const balanced = await readColumnValues(page, id, 'selection:balanced:weight');
  expect(weights.filter((w) => w > 0)).toHaveLength(40);
  // Picks keep the selection's weights and are its members, never dev or canary items.
  expect(weights.every((w, i) => w === 0 || (w === balanced[i] && splits[i] === 0))).toBe(true);
  const runs = await readStore<{ kind: string; status: string; results: { picked?: number } }>(page, 'runs');
  expect(runs.filter((r) => r.kind === 'diversity').map((r) => [r.status, r.results.picked])).toEqual([['done', 40]]);
});
