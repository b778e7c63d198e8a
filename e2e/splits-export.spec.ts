import { readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { csvFile, expect, importThroughWizard, loadSample, test } from './fixtures';

test('draws stratified canary and dev sets and filters by split', async ({ page }) => {
  await loadSample(page);
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('200');
  await page.getByTestId('dev-size').fill('100');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info')).toContainText('Canary: 200 items, dev: 100 items');
  await page.getByTestId('filter-split').selectOption({ label: 'canary' });
  await expect(page.getByTestId('match-count')).toHaveText('200 items');
  // Stratified: the sample is 1,005 spam / 951 ham, so the canary holds 103 spam and 97 ham.
  await page.getByTestId('filter-label').selectOption({ label: 'spam' });
  await expect(page.getByTestId('match-count')).toHaveText('103 items');
  await page.getByTestId('filter-split').selectOption({ label: 'dev' });
  await page.getByTestId('filter-label').selectOption('any');
  await expect(page.getByTestId('match-count')).toHaveText('100 items');

  // Re-drawing a canary asks for confirmation; asking for more than is labeled explains why not.
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('5000');
  await page.getByTestId('split-apply').click();
  await expect(page.getByRole('alert').filter({ hasText: 'replaces the current canary set of 200 items' })).toBeVisible();
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('split-error')).toContainText('only 1,956 are labeled');
});

test('exports CSV with formulas neutralised and JSONL with label source, time and split', async ({ page }) => {
  await page.goto('/');
  const csv = 'id,text,label,note\n' + 'x1,=HYPERLINK("http://evil"),a,+cmd\n' + 'x2,"multi\nline",b,@x\n' + 'x3,plain,,-1\n';
  await importThroughWizard(page, csvFile('f.csv', csv));
  await page.getByTestId('item-row').nth(2).click();
  await page.keyboard.press('2');

  await page.getByRole('button', { name: 'Export…' }).click();
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const csvFilePath = await (await csvDownload).path();
  const exported = readFileSync(csvFilePath, 'utf8');
  const lines = exported.split('\r\n');
  expect(lines[0]).toBe('id,text,note,label,label_source,labeled_at,split');
  expect(lines[1]).toMatch(/^x1,"'=HYPERLINK\(""http:\/\/evil""\)",'\+cmd,a,import,\d{4}-\d\d-\d\dT[\d:.]+Z,train$/);
  expect(lines[2]).toMatch(/^x2,"multi\nline",'@x,b,import,/);
  expect(lines[3]).toMatch(/^x3,plain,'-1,b,you,\d{4}-/);

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  const jsonlDownload = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const download = await jsonlDownload;
  expect(download.suggestedFilename()).toBe('f.jsonl');
  const records = readFileSync(await download.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(records).toHaveLength(3);
  expect(records[0]).toMatchObject({ id: 'x1', text: '=HYPERLINK("http://evil")', fields: { note: '+cmd' }, label: 'a', label_source: 'import', split: 'train' });
  expect(records[2]).toMatchObject({ id: 'x3', label: 'b', label_source: 'you' });
});

test('exports Parquet with typed, nullable columns', async ({ page }) => {
  await page.goto('/');
  await importThroughWizard(page, csvFile('p.csv', 'id,text,label,label_note\nq1,first,a,x\nq2,second,,y\nq3,third,b,z\n'));
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-parquet').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('p.parquet');
  const bytes = readFileSync(await file.path());
  const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({ id: 'q1', text: 'first', label_note: 'x', label: 'a', label_source: 'import', split: 'train' });
  expect(rows[0].labeled_at).toBeInstanceOf(Date);
  expect(rows[1]).toMatchObject({ id: 'q2', label: null, label_source: null, labeled_at: null });
});
