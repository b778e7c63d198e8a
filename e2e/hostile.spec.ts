import { readFileSync } from 'node:fs';
import { expect, storeCounts, test, type Page } from './fixtures';

/** Files of the hostile corpus (e2e/hostile), with the message manifest.json says each must produce. */
const manifest = JSON.parse(readFileSync(new URL('./hostile/manifest.json', import.meta.url), 'utf8')) as Record<string, { message?: string; rows?: number }>;
const corpusFile = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(new URL(`./hostile/files/${name}`, import.meta.url)) });

async function expectNothingKept(page: Page): Promise<void> {
  await expect(page.getByTestId('task')).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
  await expect(page.getByTestId('datasets').getByRole('listitem')).toHaveCount(0);
}

for (const name of ['png-named.csv', 'header-only.csv', 'wide-100001-columns.csv', 'zip-bomb.zip', 'zip-traversal.zip', 'single-object.json', 'utf16le-bom.csv']) {
  test(`${name} is refused before the mapping step, with its message`, async ({ page }) => {
    await page.goto('/');
    await page.getByTestId('import-input').setInputFiles(corpusFile(name));
    await expect(page.getByTestId('message-error')).toContainText(manifest[name].message!);
    await expect(page.getByRole('main', { name: 'Import mapping' })).toHaveCount(0);
    await expectNothingKept(page);
  });
}

test('mixed line endings, a Parquet file and a ZIP of two CSVs import whole', async ({ page }) => {
  for (const [name, rows] of [['mixed-line-endings.csv', 4], ['sift-style.parquet', 3], ['tables.zip', 4]] as const) {
    await page.goto('/');
    await page.getByTestId('import-input').setInputFiles(corpusFile(name));
    await expect(page.getByTestId('text-column')).toHaveValue('text');
    await page.getByTestId('start-import').click();
    await expect(page.getByTestId('labeled-count')).toContainText(`of ${rows} labeled`);
  }
});

test('a JSON object holding one array is offered as that array', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(corpusFile('object-with-array.json'));
  await expect(page.getByTestId('json-offer')).toContainText(manifest['object-with-array.json'].message!);
  await page.getByTestId('json-offer-accept').click();
  await expect(page.getByRole('main', { name: 'Import mapping' })).toContainText('rows from the "data" array');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 3 labeled');
});

test('control characters: refused, or stripped when the user says so', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(corpusFile('nul-in-text.csv'));
  await expect(page.getByTestId('control-chars')).toContainText('line 3, column 6 holds NUL, 0x00');
  await expect(page.getByTestId('start-import')).toBeDisabled();
  await page.getByTestId('control-refuse').click();
  await expect(page.getByTestId('message-error')).toContainText('nul-in-text.csv contains control characters');
  await expectNothingKept(page);

  await page.getByTestId('import-input').setInputFiles(corpusFile('nul-in-text.csv'));
  await page.getByTestId('control-strip').click();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 2 labeled');
  await expect(page.getByText('1 control character (NUL, …) was stripped from the text.')).toBeVisible();
  await page.getByTestId('item-row').nth(1).click();
  await expect(page.getByTestId('item-text')).toHaveText('badbyte');
});
