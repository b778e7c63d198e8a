import { createWriteStream } from 'node:fs';
import { expect, test } from './fixtures';

test.setTimeout(300_000);

async function writeRows(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let block = 'id,text\n';
  for (let i = 0; i < rows; i++) {
    block += `n${i},comment number ${i} ${i % 7 === 0 ? 'subscribe to my channel' : 'nice song'} ${'x'.repeat(i % 50)}\n`;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
      block = '';
    }
  }
  out.write(block);
  await new Promise<void>((r) => out.end(() => r()));
}

test('a million items: import, scroll to the end, filter, label the last one', async ({ page }) => {
  const path = test.info().outputPath('million.csv');
  await writeRows(path, 1_000_000);
  await page.goto('/');
  await page.getByTestId('import-input').setInputFiles(path);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 1,000,000 labeled', { timeout: 240_000 });

  await page.getByRole('listbox', { name: 'Items' }).evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByTestId('item-row').last()).toContainText('comment number 999999');

  await page.getByTestId('filter-text').fill('subscribe');
  await expect(page.getByTestId('match-count')).toHaveText('142,858 items', { timeout: 60_000 });
  await page.getByTestId('filter-text').fill('number 999999 ');
  await expect(page.getByTestId('match-count')).toHaveText('1 item', { timeout: 60_000 });
  await page.getByTestId('item-row').first().click();
  await page.keyboard.press('2');
  await expect(page.getByTestId('labeled-count')).toHaveText('1 of 1,000,000 labeled');
});
