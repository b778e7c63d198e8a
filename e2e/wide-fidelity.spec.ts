import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

/**
 * A 200-row × 20,000-column table (one categorical column, 19,997 numeric ones) split into train, dev
 * and canary: the Fidelity tab compares train with dev, estimating pair trends from a sample of the
 * 199,990,000 column pairs and saying so; the Drift tab tests every column and lists 100; the Slices
 * tab finds a field by search. The page keeps answering throughout.
 */
test.describe.configure({ timeout: 300_000 });

const ROWS = 200;
const NUMERIC = 19_997;

function writeWideCsv(path: string): void {
  const header = ['id', 'label', 'cat_a', ...Array.from({ length: NUMERIC }, (_, c) => `x${c}`)].join(',');
  const lines = [header];
  for (let r = 0; r < ROWS; r++) {
    const cells = Array.from({ length: NUMERIC }, (_, c) => (r * 7919 + c * 104_729) % 100);
    lines.push([`r${r}`, r % 2 === 0 ? 'yes' : 'no', ['red', 'green', 'blue'][r % 3], ...cells].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function openTab(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: title, exact: true }).click();
}

test('fidelity, drift and slices on a 200 × 20,000 table: sampled pair trends stated with their interval', async ({ page }) => {
  const path = test.info().outputPath('wide.csv');
  writeWideCsv(path);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  const wizard = page.getByRole('main', { name: 'Import mapping' });
  await expect(wizard).toBeVisible({ timeout: 120_000 });
  await expect(wizard).toContainText('20,000 columns');
  await page.getByTestId('as-table').check();
  await expect(page.getByTestId('as-table')).toBeChecked();
  await expect(page.getByTestId('label-column')).toHaveValue('label');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('200 of 200 labeled', { timeout: 180_000 });

  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('40');
  await page.getByTestId('dev-size').fill('80');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info').last()).toContainText('Canary: 40 items, dev: 80 items');

  await openTab(page, 'Fidelity');
  await page.getByTestId('fidelity-set-a').selectOption('split:train');
  await page.getByTestId('fidelity-set-b').selectOption('split:dev');
  await page.getByTestId('fidelity-compute').click();
  const report = page.getByTestId('fidelity-report');
  await expect(report.getByTestId('fidelity-quality')).toHaveText(/^0\.\d{3}$/, { timeout: 120_000 });
  // 19,998 fields and the class: 19,999 columns, 199,970,001 pairs, 20,000 of them drawn.
  await expect(report.getByTestId('fidelity-pairs-sampled')).toContainText('The table has 199,970,001 column pairs');
  await expect(report.getByTestId('fidelity-pairs-sampled')).toContainText('seeded uniform sample of 20,000 pairs');
  await expect(report.getByTestId('fidelity-pairs-sampled')).toContainText(/95 % interval of 0\.\d{3}–[01]\.\d{3}/);
  await expect(report.getByTestId('fidelity-pair-trends')).toHaveText(/^0\.\d{3} ± 0\.\d{3}$/);
  await expect(report.getByTestId('fidelity-folds')).toContainText('hashed into 128 signed buckets');
  // Worst first and searched: 50 columns and 15 pairs drawn, never 20,000 rows.
  await expect(report.getByTestId('fidelity-columns-count')).toHaveText('50 of 19,999 columns shown, weakest shape first');
  await expect(report.getByTestId('fidelity-column')).toHaveCount(50);
  await expect(report.getByTestId('fidelity-pair')).toHaveCount(15);
  await expect(report.getByTestId('fidelity-heatmap')).toHaveCount(0);
  await report.getByTestId('fidelity-columns-search').fill('x1234');
  await expect(report.getByTestId('fidelity-columns-count')).toHaveText('11 of 11 matching columns shown, weakest shape first');
  await expect(report.locator('[data-testid="fidelity-column"][data-column="x12345"]')).toBeVisible();

  await openTab(page, 'Drift');
  await page.getByTestId('drift-run').click();
  await expect(page.getByTestId('drift-summary')).toContainText(/of 19,998 columns drifted/, { timeout: 120_000 });
  await expect(page.getByTestId('drift-table').getByTestId('drift-row')).toHaveCount(100);
  await page.getByTestId('drift-table-search').fill('x12345');
  await expect(page.getByTestId('drift-table').getByTestId('drift-row')).toHaveCount(1);
  await expect(page.locator('[data-testid="drift-row"][data-column="x12345"]').getByTestId('drift-verdict')).toHaveText(/^(yes|no)$/);

  await openTab(page, 'Slices');
  await expect(page.getByTestId('slice-field-count')).toHaveText('50 of 19,998 fields listed');
  await page.getByTestId('slice-field-search').fill('cat_');
  await expect(page.getByTestId('slice-field-count')).toHaveText('1 of 1 matching fields listed');
  await page.getByTestId('slice-by').selectOption('field:cat_a');
  await expect(page.getByTestId('slice-by')).toHaveValue('field:cat_a');
});
