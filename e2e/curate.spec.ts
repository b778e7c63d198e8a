import { expect, test } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';
import { openTab } from './lib/spam-pool';

test('curate: a named selection keeps confident proposals, balanced by weights, stored as columns without dev or canary items; a student trains on it', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 90_000 });

  await openTab(page, 'Curate');
  await page.getByTestId('curate-save').click();
  await expect(page.locator('.message.error').first()).toContainText('run a label model first', { timeout: 30_000 });

  await openTab(page, 'Label model');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 90_000 });

  await openTab(page, 'Curate');
  await page.getByTestId('curate-name').fill('balanced');
  const thresholds = page.getByTestId('curate-threshold');
  await expect(thresholds).toHaveCount(2);
  await thresholds.nth(0).fill('0.8');
  await thresholds.nth(1).fill('0.8');
  await page.getByTestId('curate-balance').selectOption('uniform');
  await page.getByTestId('curate-by').selectOption('weights');
  await page.getByTestId('curate-save').click();
  const summary = page.getByTestId('curate-summary');
  // Every pool item is counted before; dev (120) and canary (250) never are.
  await expect(summary).toContainText(/Selection “balanced”: [\d,]+ of 1,586 pool items/, { timeout: 60_000 });
  await expect(page.getByTestId('curate-names')).toContainText('balanced');
  const rows = page.getByTestId('curate-row');
  await expect(rows).toHaveCount(2);
  const cells = async (column: number) => Promise.all([0, 1].map(async (r) => Number(((await rows.nth(r).locator('td').nth(column).textContent()) ?? '').replace(/,/g, ''))));
  const [after, weight] = [await cells(1), await cells(2)];
  expect(after[0]).toBeGreaterThan(0);
  expect(after[1]).toBeGreaterThan(0);
  // Uniform by weights: each class carries half the total weight.
  expect(Math.abs(weight[0] - weight[1])).toBeLessThanOrEqual(0.2);
  await expect(rows.first().locator('td').nth(3)).toHaveText(/%|–/);

  const id = await currentDatasetId(page);
  const stored = await readColumnValues(page, id, 'selection:balanced:weight');
  const labels = await readColumnValues(page, id, 'selection:balanced:label');
  const splits = await readColumnValues(page, id, 'split');
  expect(stored).toHaveLength(1956);
  expect(stored.filter((w, i) => w > 0 && splits[i] !== 0)).toEqual([]);
  expect(stored.filter((w) => w > 0)).toHaveLength(after[0] + after[1]);
  expect(labels.filter((l) => l === 0)).toHaveLength(after[0]);

  // A student trains on the selection's items with their labels and weights.
  await openTab(page, 'Students');
  await page.getByTestId('student-selection').selectOption('balanced');
  await page.getByTestId('student-name').fill('Curated student');
  // Dev labels only check this student, so it trains on exactly the selection's items.
  await page.getByTestId('dev-seeds').uncheck();
  await expect(page.getByTestId('dev-seeds')).not.toBeChecked();
  // The settings search (on by default) is not what this checks: one training keeps it short.
  await page.getByTestId('student-search').uncheck();
  await page.getByTestId('train-student').click();
  const run = page.getByTestId('student-run').filter({ hasText: 'Curated student' });
  await expect(run).toContainText(`trained on ${(after[0] + after[1]).toLocaleString('en-US')} items of selection “balanced” with their weights`, { timeout: 180_000 });
  const runs = await readStore<{ kind: string; status: string; params: { selection?: string } }>(page, 'runs');
  expect(runs.filter((r) => r.kind === 'student' && r.status === 'done').map((r) => r.params.selection)).toEqual(['balanced']);
});
