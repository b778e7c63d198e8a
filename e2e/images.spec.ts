import { deflateSync } from 'node:zlib';
import { expect, storeCounts, test } from './fixtures';
import { digitPng } from './lib/digits';

test('Try the digits sample imports 2,000 PNGs with labels from labels.csv', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  await expect(page.getByTestId('item-image')).toBeVisible();
  expect(await page.getByTestId('item-image').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([28, 28]);
  await expect(page.getByTestId('item-text')).toHaveText('00000.png');
  await expect(page.getByTestId('item-panel').locator('.current-label')).toContainText('7');
  await expect(page.getByTestId('grid-cell').first().locator('img')).toBeVisible();
  await page.getByTestId('filter-label').selectOption({ label: '1' });
  await expect(page.getByTestId('match-count')).toHaveText('234 items');
});

test('imports chosen image files with a labels CSV through the image wizard', async ({ page }) => {
  await page.goto('/');
  const png = (n: number) => ({ name: `${String(n).padStart(5, '0')}.png`, mimeType: 'image/png', buffer: digitPng(n) });
  const labels = { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from('file,label\npng/00000.png,7\npng/00001.png,2\n') };
  await page.getByTestId('import-input').setInputFiles([png(0), png(1), png(2), labels]);
  await expect(page.getByTestId('image-summary')).toContainText('3 images');
  await expect(page.getByTestId('file-column')).toHaveValue('file');
  await expect(page.getByTestId('label-column')).toHaveValue('label');
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2 of 3 labeled');
  await expect(page.getByText('1 image has no usable label in labels.csv')).toBeVisible();
});

function pngWithSize(width: number, height: number): Buffer {
  // A valid signature and IHDR announcing the size; the import must refuse it before decoding.
  const crc = Buffer.alloc(4);
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'ascii');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr[16] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, crc, deflateSync(Buffer.alloc(10))]);
}

test('a 20,000×20,000 PNG and an image that does not decode give specific errors and leave nothing', async ({ page }) => {
  await page.goto('/');
  const good = { name: '00000.png', mimeType: 'image/png', buffer: digitPng(0) };
  for (const [bad, message] of [
    [{ name: 'huge.png', mimeType: 'image/png', buffer: pngWithSize(20_000, 20_000) }, 'huge.png is 20,000×20,000 pixels; images over 50 megapixels are not imported'],
    [{ name: 'broken.png', mimeType: 'image/png', buffer: pngWithSize(30, 30) }, 'broken.png could not be decoded as an image'],
  ] as const) {
    await page.getByTestId('import-input').setInputFiles([good, bad]);
    await page.getByTestId('start-import').click();
    await expect(page.getByTestId('message-error').last()).toContainText(message);
    expect(await storeCounts(page)).toEqual({ datasets: 0, chunks: 0, columns: 0, labelEvents: 0 });
  }
  // The worker still works afterwards.
  await page.getByTestId('import-input').setInputFiles([good]);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 1 labeled');
});
