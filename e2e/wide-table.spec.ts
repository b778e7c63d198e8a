import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

/**
 * A 1,000-row × 20,000-column CSV (19,994 numeric columns, three categorical, one text, an id and a
 * label) imported as a table: the wizard's column lists are searched, a type found by search is
 * overridden, and the Profile and an item show every column without drawing them all.
 */
// About 40 s of CPU on a quiet machine; at load 20–30 on two cores it took 3.6 minutes.
test.describe.configure({ timeout: 600_000 });

const ROWS = 1000;
const NUMERIC = 19_994;
const COLORS = ['red', 'green', 'blue'];
const SIZES = ['small', 'large'];

/** Cell of numeric column `c` in row `r`: one digit, so the file stays ~40 MB. */
const digit = (r: number, c: number) => (r + c) % 10;

function writeWideCsv(path: string): void {
  const header = ['id', 'label', 'note', 'cat_a', 'cat_b', 'cat_c', ...Array.from({ length: NUMERIC }, (_, c) => `x${c}`)].join(',');
  // Row r's numeric cells depend on r only through r % 10: ten strings serve every row.
  const tails = Array.from({ length: 10 }, (_, shift) => Array.from({ length: NUMERIC }, (_, c) => digit(shift, c)).join(','));
  const lines = [header];
  for (let r = 0; r < ROWS; r++) {
    const note = `row ${r} was measured on bench ${r % 7}`;
    lines.push([`r${r}`, r % 3 === 0 ? 'yes' : 'no', note, COLORS[r % 3], SIZES[r % 2], `zone${r % 5}`, tails[r % 10]].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function openTab(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: title }).click();
}

const profileRow = (page: Page, column: string) => page.locator(`[data-testid="profile-row"][data-column="${column}"]`);

test('a 1,000 × 20,000 CSV imports as a table, with searchable columns, a type override, a profile and an item', async ({ page }) => {
  const path = test.info().outputPath('wide.csv');
  writeWideCsv(path);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  const wizard = page.getByRole('main', { name: 'Import mapping' });
  await expect(wizard).toBeVisible({ timeout: 120_000 });
  await expect(wizard).toContainText('20,000 columns');

  // The note column is free text, so the file is first offered as a text dataset: make it a table.
  await page.getByTestId('as-table').check();
  await expect(page.getByTestId('as-table')).toBeChecked();
  await expect(page.getByTestId('id-column')).toHaveValue('id');
  await expect(page.getByTestId('label-column')).toHaveValue('label');
  // The label drop-down lists 50 columns, not 20,000; a search narrows it.
  await expect(page.getByTestId('label-column').locator('option')).toHaveCount(51);
  await page.getByTestId('label-column-search').fill('cat_');
  await expect(page.getByTestId('label-column-count')).toHaveText('3 matches');
  await expect(page.getByTestId('label-column').locator('option')).toHaveText(['No labels in this file', 'label', 'cat_a', 'cat_b', 'cat_c']);

  // A type override on a column found by search.
  await expect(page.getByTestId('column-types-more')).toHaveText('19,948 more columns: search to find one.');
  await page.getByTestId('column-type-search').fill('x12345');
  const x12345 = page.getByRole('combobox', { name: 'Type of the column x12345' });
  await expect(x12345).toHaveValue('numeric');
  await x12345.selectOption('categorical');
  await expect(x12345).toHaveValue('categorical');
  await page.getByTestId('column-type-search').fill('note');
  await expect(page.getByRole('combobox', { name: 'Type of the column note' })).toHaveValue('text');

  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('1,000 of 1,000 labeled', { timeout: 300_000 });
  await expect(page.getByTestId('item-id')).toHaveText('r0');
  await expect(page.getByTestId('item-text')).toContainText('note: row 0 was measured on bench 0 · cat_a: red');

  // The item panel: the first 50 of its 19,998 fields, and a filter for the others.
  await expect(page.getByTestId('field-count')).toHaveText('50 of 19,998 fields shown: filter by name to find another.');
  await page.getByTestId('field-filter').fill('x12345');
  await expect(page.getByTestId('field-count')).toHaveText('1 of 1 matching fields shown.');
  await expect(page.locator('dd[data-field="x12345"]')).toHaveText(String(digit(0, 12345)));

  await openTab(page, 'Profile');
  await expect(page.getByTestId('profile-list')).toBeVisible({ timeout: 300_000 });
  await expect(page.getByRole('region', { name: 'Profiles of 19,998 columns' })).toBeVisible();
  // Virtual: a screenful of cards exists, not 19,998.
  expect(await page.getByTestId('profile-row').count()).toBeLessThan(60);
  await expect(profileRow(page, 'note').getByTestId('profile-type')).toHaveText('text');
  await expect(profileRow(page, 'cat_a').getByTestId('profile-type')).toHaveText('categorical');
  await expect(profileRow(page, 'cat_a')).toContainText('3 distinct');

  await page.getByTestId('profile-search').fill('x1234');
  // x1234 and x12340–x12349.
  await expect(page.getByTestId('profile-matching')).toHaveText('11 matching');
  await expect(page.getByTestId('profile-row')).toHaveCount(11);
  await expect(profileRow(page, 'x12345').getByTestId('profile-type')).toHaveText('categorical');
  await expect(profileRow(page, 'x12345')).toContainText('10 distinct');
  await expect(profileRow(page, 'x1234').getByTestId('profile-type')).toHaveText('numeric');
  await expect(profileRow(page, 'x1234')).toContainText('min 0 · median 4.5 · max 9');
});
