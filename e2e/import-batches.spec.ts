import { readFileSync } from 'node:fs';
import { csvFile, expect, test } from './fixtures';

/** The wine sample again with every measurement raised by half: a later delivery from a changed source. */
function shiftedWine(): string {
  const [header, ...lines] = readFileSync('public/sample/tabular/wine.csv', 'utf8').trim().split(/\r?\n/);
  const shifted = lines.map((line) => line.split(',').map((cell, j, cells) => (j === 0 ? `later-${cell}` : j === cells.length - 1 ? cell : String(Number(cell) * 1.5))).join(','));
  return [header, ...shifted].join('\n') + '\n';
}

test('rows added later form import batch 2, and drift compares batch 1 with batch 2', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByTestId('try-table').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('178 of 178 labeled', { timeout: 90_000 });

  await page.getByTestId('add-rows-file').setInputFiles(csvFile('wine-later.csv', shiftedWine()));
  await expect(page.getByTestId('message-info').last()).toContainText('Import batch 2: 178 rows added.', { timeout: 60_000 });
  await expect(page.getByTestId('labeled-count')).toHaveText('356 of 356 labeled');

  await page.getByRole('link', { name: 'Drift', exact: true }).click();
  await page.getByTestId('ref-items').selectOption('import:1');
  await page.getByTestId('cur-items').selectOption('import:2');
  await expect(page.getByTestId('cur-items')).toHaveValue('import:2');
  await page.getByTestId('drift-run').click();
  await expect(page.getByTestId('drift-summary')).toContainText(/^Dataset drift: \d+ of \d+ columns drifted/, { timeout: 60_000 });
  await expect(page.getByTestId('drift-summary')).toContainText('import batch 2');
  const alcohol = page.getByTestId('drift-table').locator('[data-testid="drift-row"][data-column="alcohol"]');
  await expect(alcohol.getByTestId('drift-verdict')).toHaveText('yes');

  // The same batch on both sides: nothing drifts.
  await page.getByTestId('cur-items').selectOption('import:1');
  await expect(page.getByTestId('cur-items')).toHaveValue('import:1');
  await page.getByTestId('drift-run').click();
  await expect(page.getByTestId('drift-summary')).toContainText(/^No dataset drift: 0 of \d+ columns drifted/, { timeout: 60_000 });

  // Fidelity compares batch with batch too.
  await page.getByRole('link', { name: 'Fidelity', exact: true }).click();
  await page.getByTestId('fidelity-set-a').selectOption('import:1');
  await page.getByTestId('fidelity-set-b').selectOption('import:2');
  await expect(page.getByTestId('fidelity-set-b')).toHaveValue('import:2');
  await page.getByTestId('fidelity-compute').click();
  await expect(page.getByTestId('fidelity-title')).toHaveText('import batch 2 against import batch 1 (the first import)', { timeout: 60_000 });
  await expect(page.getByTestId('fidelity-report').getByTestId('fidelity-quality')).toHaveText(/^0\.\d{3}$/);
});
