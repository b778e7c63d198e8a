import { expect, loadSample, test } from './fixtures';

test('texts: an augmented exemplar batch gets a vector fidelity report with k-NN precision and recall, and stays marked synthetic', async ({ page }) => {
  test.setTimeout(300_000);
  await loadSample(page);
  await page.getByRole('link', { name: 'Synthetic', exact: true }).click();
  await expect(page.getByTestId('no-batches')).toBeVisible();
  await expect(page.getByTestId('synthetic-method')).toHaveValue('augment');
  await page.getByTestId('synthetic-count').fill('30');
  await expect(page.getByTestId('synthetic-count')).toHaveValue('30');
  await page.getByTestId('synthetic-generate').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.getByTestId('labeled-count')).toHaveText('1,986 of 1,986 labeled');
  const row = page.getByTestId('batch-row').first();
  await expect(row).toContainText('text augmentation');
  await expect(row.getByTestId('batch-status')).toHaveText('not in training');
  const report = page.getByTestId('batch-report').getByTestId('vector-report');
  await expect(report).toContainText('hashed bag of words (64 dimensions, L2-normalised)');
  await expect(report).toContainText('30 synthetic vectors');
  for (const id of ['vector-shapes', 'vector-auc', 'vector-precision', 'vector-recall']) await expect(report.getByTestId(id)).toHaveText(/^[01]\.\d{3}$/);

  // The exemplars are items like any other, listed with their augmented text, and exported as synthetic.
  await page.getByRole('link', { name: 'Items', exact: true }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  const download = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.jsonl'));
  await page.getByTestId('export-start').click();
  const { readFileSync } = await import('node:fs');
  const records = readFileSync(await (await download).path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(records).toHaveLength(1986);
  const made = records.slice(1956);
  expect(made.every((r) => r.synthetic === true && r.synthetic_batch === 1 && r.split === 'train' && r.training_weight === 0 && r.text.length > 0)).toBe(true);
  expect(records.slice(0, 1956).every((r) => r.synthetic === false)).toBe(true);
});
