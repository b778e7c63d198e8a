import { csvFile, expect, importThroughWizard, test } from './fixtures';
import { startRuleLf } from './lib/lf-steps';
import { openTab } from './lib/spam-pool';

const ROWS = 20;
const FIELDS = 120;

/** A 20-row table of 120 numeric fields (cell = (row + field) mod 10) and a yes/no label. */
function wideCsv() {
  const lines = [['id', 'label', ...Array.from({ length: FIELDS }, (_, c) => `f${c}`)].join(',')];
  for (let r = 0; r < ROWS; r++) lines.push([`r${r}`, r % 2 ? 'yes' : 'no', ...Array.from({ length: FIELDS }, (_, c) => (r + c) % 10)].join(','));
  return csvFile('wide-fields.csv', lines.join('\n') + '\n');
}

test('the LF editor’s field picker on a wide table lists 50 fields and finds the others by search', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await importThroughWizard(page, wideCsv());
  await expect(page.getByTestId('labeled-count')).toHaveText('20 of 20 labeled');

  await openTab(page, 'Sources');
  await startRuleLf(page, 'f117 high', 'yes');
  await page.getByTestId('c-kind').selectOption('number');
  const field = page.getByRole('combobox', { name: 'Field', exact: true });
  await expect(field).toHaveValue('f0');
  await expect(field.locator('option')).toHaveCount(50);
  await expect(page.getByTestId('c-field-count')).toHaveText('first 50 of 120 fields listed: search to find another');

  const search = page.getByRole('searchbox', { name: 'Find a field' });
  await search.fill('f11');
  await expect(page.getByTestId('c-field-count')).toHaveText('11 matches');
  // The current choice stays listed above the matches.
  await expect(field.locator('option')).toHaveText(['f0', 'f11', ...Array.from({ length: 10 }, (_, i) => `f11${i}`)]);
  await field.selectOption('f117');
  await expect(field).toHaveValue('f117');
  await search.fill('nothing');
  await expect(page.getByTestId('c-field-count')).toHaveText('no field matches "nothing"');
  await expect(field).toHaveValue('f117');

  await page.getByTestId('c-op').selectOption('>=');
  await page.getByTestId('c-value').fill('5');
  await page.getByTestId('lf-save-apply').click();
  // (r + 117) mod 10 ≥ 5 for r mod 10 in 8, 9, 0, 1, 2: 10 of the 20 rows.
  await expect(page.locator('.message.info').last()).toContainText('f117 high: 10 votes', { timeout: 30_000 });
});
