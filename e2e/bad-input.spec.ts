import { expect, storeCounts, test, type Page } from './fixtures';

const goodRows = (n: number) => Array.from({ length: n }, (_, i) => `${i},row number ${i},${i % 2}\n`).join('');

async function importExpectingError(page: Page, name: string, content: Buffer, message: string | RegExp): Promise<void> {
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: content });
  const wizard = page.getByRole('main', { name: 'Import mapping' });
  const error = page.getByTestId('message-error');
  // Problems in the first rows show up while reading the preview; later ones during the import itself.
  await expect(wizard.or(error)).toBeVisible();
  if (await wizard.isVisible()) await page.getByTestId('start-import').click();
  await expect(error).toContainText(message);
  await expect(page.getByTestId('task')).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
  await expect(page.getByTestId('datasets').getByRole('listitem')).toHaveCount(0);
}

test('an empty file', async ({ page }) => {
  await importExpectingError(page, 'empty.csv', Buffer.alloc(0), 'empty.csv is empty (0 bytes).');
});

test('a line with the wrong delimiter after two committed chunks', async ({ page }) => {
  const csv = 'id,text,label\n' + goodRows(20_000) + '20000;semicolons;1\n';
  await importExpectingError(page, 'mixed.csv', Buffer.from(csv), 'mixed.csv: line 20,002 has 1 field, expected 3 (the header has 3 columns). Is the delimiter right?');
});

test('an unbalanced quote', async ({ page }) => {
  const csv = 'id,text,label\n' + goodRows(20_000) + '20000,"never closed,1\n20001,more,0\n';
  await importExpectingError(page, 'quotes.csv', Buffer.from(csv), 'quotes.csv: a quoted field opened on line 20,002 is never closed');
});

test('invalid UTF-8', async ({ page }) => {
  const head = Buffer.from('id,text,label\n' + goodRows(20_000) + '20000,caf');
  const csv = Buffer.concat([head, Buffer.from([0xe9]), Buffer.from(',1\n')]);
  await importExpectingError(page, 'latin1.csv', csv, `latin1.csv is not valid UTF-8: the byte at offset ${head.length.toLocaleString('en-US')} (line 20,002) is 0xe9.`);
});

test('JSON with a syntax error', async ({ page }) => {
  await importExpectingError(page, 'broken.json', Buffer.from('[\n  {"text": "a"},\n  {"text": "b",}\n]'), 'broken.json is not valid JSON at line 3, column 16: expected a property name in double quotes, found "}\\n]".');
});

test('JSONL with one bad line', async ({ page }) => {
  const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ text: `line ${i}` })).join('\n');
  await importExpectingError(page, 'lines.jsonl', Buffer.from(lines + '\n{"text": oops}\n'), 'lines.jsonl: line 20,001, column 10 is not valid JSON: expected a value, found "oops}"');
});

test('a BOM and a 5 MB single field import correctly', async ({ page }) => {
  const big = 'x'.repeat(5 * 1024 * 1024);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles({ name: 'bom.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFFtext,label\n"${big}",a\nsmall,b\n`) });
  await expect(page.getByTestId('text-column')).toHaveValue('text');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 2 labeled');
  // The start is shown at once; "Show all" draws the rest piece by piece, then holds every character.
  expect(await page.getByTestId('item-text').evaluate((el) => el.textContent?.length)).toBe(10_001);
  await page.getByTestId('show-all').click();
  await expect(page.getByTestId('item-text')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });
  expect(await page.getByTestId('item-text').evaluate((el) => el.textContent?.length)).toBe(big.length);
});

test('text with HTML is shown as text, never run', async ({ page }) => {
  await page.goto('/');
  const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  await page.getByTestId('import-input').setInputFiles({ name: 'xss.csv', mimeType: 'text/csv', buffer: Buffer.from(`text\n"${evil.replace(/"/g, '""')}"\n`) });
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('item-text')).toHaveText(evil);
  await expect(page.getByTestId('item-row').first()).toContainText('<script>');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('.item-text img, .item-text script').count()).toBe(0);
});
