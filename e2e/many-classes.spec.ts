import { csvFile, expect, importThroughWizard, test } from './fixtures';

const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett', 'kilo', 'lima'];

test('twelve classes: keys 1–9 and 0, a quick picker by name for the rest, twelve distinct colours', async ({ page }) => {
  // One labeled example per class (so the wizard finds 12 classes), then three unlabeled items.
  const rows = [...NAMES.map((n, i) => `example ${i},${n}`), 'first open,', 'second open,', 'third open,'];
  await page.goto('/');
  await importThroughWizard(page, csvFile('phonetic.csv', 'text,label\n' + rows.join('\n') + '\n'), async (p) => {
    await expect(p.getByRole('combobox', { name: 'Class 10 key' })).toHaveValue('0');
    await expect(p.getByRole('combobox', { name: 'Class 11 key' })).toHaveValue('');
  });
  await expect(page.getByTestId('labeled-count')).toHaveText('12 of 15 labeled');
  await expect(page.locator('.keys-help')).toContainText('9 india, 0 juliett');
  await page.getByTestId('filter-label').selectOption('unlabeled');
  await expect(page.getByTestId('match-count')).toHaveText('3 items');
  await page.getByTestId('item-row').first().click();

  await page.keyboard.press('0');
  await expect(page.getByTestId('labeled-count')).toHaveText('13 of 15 labeled');
  await expect(page.locator('[data-testid="item-row"]').nth(0).locator('.chip')).toHaveText('juliett');

  // "l" opens the picker; typing filters, Enter labels the current item and moves on.
  await page.keyboard.press('l');
  const input = page.getByTestId('class-picker-input');
  await expect(input).toBeFocused();
  await expect(page.getByTestId('class-option')).toHaveCount(12);
  const colours = await page.getByTestId('class-option').locator('.chip').evaluateAll((chips) => chips.map((c) => getComputedStyle(c).backgroundColor));
  expect(new Set(colours).size).toBe(12);
  await input.fill('li');
  await expect(page.getByTestId('class-option').locator('.chip')).toHaveText(['lima', 'charlie', 'juliett']);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('class-picker-input')).toHaveCount(0);
  await expect(page.getByTestId('labeled-count')).toHaveText('14 of 15 labeled');
  await expect(page.getByTestId('item-row').nth(1).locator('.chip')).toHaveText('lima');

  // Arrow keys move through the matches; Escape closes without labeling.
  await page.keyboard.press('l');
  await page.getByTestId('class-picker-input').fill('o');
  await expect(page.getByTestId('class-option').locator('.chip')).toHaveText(['bravo', 'echo', 'foxtrot', 'golf', 'hotel', 'kilo']);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('labeled-count')).toHaveText('15 of 15 labeled');
  await expect(page.getByTestId('item-row').nth(2).locator('.chip')).toHaveText('echo');
  await page.keyboard.press('l');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('class-picker-input')).toHaveCount(0);
  await expect(page.getByTestId('labeled-count')).toHaveText('15 of 15 labeled');
});

test('the digits sample: key 0 labels digit 0', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the digits sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('2,000 of 2,000 labeled', { timeout: 60_000 });
  await expect(page.getByTestId('item-panel').locator('.current-label')).toContainText('7');
  await page.keyboard.press('0');
  await page.keyboard.press('k');
  await expect(page.getByTestId('item-panel').locator('.current-label')).toContainText('0');
  await expect(page.getByTestId('history')).toContainText('0 (was 7) by you');
  await expect(page.locator('.keys-help')).toContainText('0 0, 1 1');
});
