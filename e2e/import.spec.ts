import { writeFileSync } from 'node:fs';
import { csvFile, expect, importThroughWizard, storeCounts, test } from './fixtures';

test('imports a CSV by picker with chosen text, id and label columns and named classes', async ({ page }) => {
  await page.goto('/');
  const csv = 'doc_id,body,verdict,score\n' + 'a1,"First, with comma",good,1\n' + 'a2,second,bad,2\n' + 'a3,third,,3\n' + 'a4,fourth,good,4\n';
  await importThroughWizard(page, csvFile('reviews.csv', csv), async (p) => {
    await expect(p.getByTestId('text-column')).toHaveValue('body');
    await expect(p.getByTestId('id-column')).toHaveValue('doc_id');
    await expect(p.getByTestId('label-column')).toHaveValue('');
    await p.getByTestId('label-column').selectOption('verdict');
    await p.getByTestId('class-name-0').fill('negative');
    await p.getByTestId('class-name-1').fill('positive');
  });
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 4 labeled');
  await expect(page.getByTestId('item-id')).toHaveText('a1');
  await expect(page.getByTestId('item-text')).toHaveText('First, with comma');
  await expect(page.getByTestId('item-panel').getByText('score')).toBeVisible();
  await page.getByTestId('filter-label').selectOption({ label: 'negative' });
  await expect(page.getByTestId('match-count')).toHaveText('1 item');
  await expect(page.getByTestId('item-text')).toHaveText('second');
});

test('imports TSV, a JSON array and JSONL with generated ids', async ({ page }) => {
  await page.goto('/');
  await importThroughWizard(page, { name: 'notes.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from('text\tlabel\nhello there\tx\nbye\ty\n') });
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 2 labeled');
  await expect(page.getByTestId('item-id')).toHaveText('1');

  await page.goto('/');
  const json = JSON.stringify([{ text: 'json one', meta: { a: 1 } }, { text: 'json two', meta: null }]);
  await importThroughWizard(page, { name: 'items.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 2 labeled');
  await expect(page.getByTestId('item-panel')).toContainText('{"a":1}');

  await page.goto('/');
  await importThroughWizard(page, { name: 'lines.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from('{"text":"l1","y":"pos"}\n{"text":"l2","y":"neg"}\n') }, async (p) => {
    await p.getByTestId('label-column').selectOption('y');
  });
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 2 labeled');
});

test('imports a dropped file', async ({ page }) => {
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['text\ndropped row one\ndropped row two\n'], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  });
  await page.getByTestId('import-input-zone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('main', { name: 'Import mapping' })).toBeVisible();
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 2 labeled');
});

test('shows rows, MB and progress while importing, and Cancel leaves nothing behind', async ({ page }) => {
  await page.goto('/');
  const path = test.info().outputPath('big.csv');
  const row = (i: number) => `${i},"${'lorem ipsum dolor sit amet '.repeat(7)}${i}",${i % 2}\n`;
  const lines = ['id,text,label\n'];
  for (let i = 0; i < 400_000; i++) lines.push(row(i));
  writeFileSync(path, lines.join(''));
  await page.getByTestId('import-input').setInputFiles(path);
  await page.getByTestId('start-import').click();
  const task = page.getByTestId('task');
  await expect(task.getByTestId('task-detail')).toContainText(/[\d,]+ rows · [\d.]+ MB of [\d.]+ MB/);
  await task.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('message-info')).toContainText('Import cancelled: nothing was kept.');
  await expect(task).toHaveCount(0);
  expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
});
