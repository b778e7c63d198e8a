import { expect, test } from './fixtures';

test('digits: a batch trained on and tested on the real canary, and the canary with and without the accepted batch', async ({ page }) => {
  // A digits import, one batch, three small students and a 5-fold detection, on a loaded 2-core machine.
  test.setTimeout(480_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('200');
  await page.getByTestId('dev-size').fill('200');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info').last()).toContainText('Canary: 200 items, dev: 200 items');

  await page.getByRole('link', { name: 'Synthetic', exact: true }).click();
  await expect(page.getByTestId('no-batches')).toBeVisible();
  await page.getByTestId('synthetic-class').selectOption({ label: '5' });
  await expect(page.getByTestId('synthetic-class')).toHaveValue('5');
  await page.getByTestId('synthetic-count').fill('20');
  await expect(page.getByTestId('synthetic-count')).toHaveValue('20');
  // No noise: MNIST's black background stays black, so the batch can pass the default criteria.
  await page.getByTestId('transform-noise').fill('0');
  await expect(page.getByTestId('transform-noise')).toHaveValue('0');
  await page.getByTestId('synthetic-generate').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(1, { timeout: 180_000 });

  const report = page.getByTestId('batch-report');
  const tstr = report.getByTestId('tstr');
  await expect(tstr).toContainText('a lighter model than the Students tab');
  await tstr.getByTestId('tstr-run').click();
  await expect(tstr.getByTestId('tstr-table')).toContainText('200 labeled canary items', { timeout: 120_000 });
  await expect(tstr.getByTestId('tstr-student')).toHaveText(/^A one-vs-rest logistic regression on standardised 8×8 grey image .*64 dimensions.*not the Students tab's CNN\.$/);
  for (const row of ['tstr-real', 'tstr-synthetic']) {
    await expect(tstr.getByTestId(row).getByTestId('score-accuracy')).toHaveText(/^[01]\.\d{3}$/);
    await expect(tstr.getByTestId(row).getByTestId('score-class-f1')).toHaveText(/^[01]\.\d{3}$/);
  }
  // The synthetic student learns "5" from the 20 exemplars instead of the real train fives.
  const realRows = Number((await tstr.getByTestId('tstr-real').locator('td').first().innerText()).replace(/,/g, ''));
  const syntheticRows = Number((await tstr.getByTestId('tstr-synthetic').locator('td').first().innerText()).replace(/,/g, ''));
  expect(realRows).toBeGreaterThan(1000);
  expect(syntheticRows).toBeLessThan(realRows);

  // Before any batch is accepted there is nothing to compare with.
  const help = page.getByTestId('batches-help');
  await help.getByTestId('help-run').click();
  await expect(help.getByTestId('help-none')).toContainText('No batch is in training yet', { timeout: 120_000 });

  // With no limits set, the batch passes the criteria and enters training.
  await page.getByTestId('criteria-quality').fill('');
  await page.getByTestId('criteria-auc').fill('');
  await page.getByTestId('criteria-save').click();
  await expect(page.getByTestId('message-info').last()).toHaveText(/Acceptance criteria saved/);
  const row = page.getByTestId('batch-row').first();
  await expect(row.getByTestId('batch-criteria')).toHaveText('pass');
  await page.getByTestId('batch-accept').click();
  await expect(row.getByTestId('batch-status')).toHaveText('accepted, in training');

  await help.getByTestId('help-run').click();
  await expect(help.getByTestId('help-table')).toContainText('batches in training: 1', { timeout: 120_000 });
  await expect(help.getByTestId('help-student')).toContainText('8×8 grey image');
  await expect(help.getByTestId('help-with').getByTestId('score-macro-f1')).toHaveText(/^[01]\.\d{3}$/);
  await expect(help.getByTestId('help-change')).toHaveText(/change[+−]\d\.\d{3}[+−]\d\.\d{3}/);
  const withRows = Number((await help.getByTestId('help-with').locator('td').first().innerText()).replace(/,/g, ''));
  expect(withRows).toBe(realRows + 20);
});
