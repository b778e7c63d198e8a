import { csvFile, expect, importHamSpam, test, type Page } from './fixtures';

const texts = ['buy cheap pills now', 'lovely song', 'subscribe to my channel', 'great voice', 'check out my page'];

async function importUnlabeled(page: Page) {
  await importHamSpam(page, csvFile('comments.csv', 'text\n' + texts.join('\n') + '\n'));
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 5 labeled');
}

test('keyboard-first labeling: keys label and advance, arrows and j/k move, s skips, u undoes', async ({ page }) => {
  await importUnlabeled(page);
  const panel = page.getByTestId('item-panel');
  await expect(page.getByTestId('item-text')).toHaveText(texts[0]);
  await page.keyboard.press('2'); // spam, then next
  await expect(page.getByTestId('labeled-count')).toHaveText('1 of 5 labeled');
  await expect(page.getByTestId('item-text')).toHaveText(texts[1]);
  await page.keyboard.press('1');
  await expect(page.getByTestId('item-text')).toHaveText(texts[2]);
  await page.keyboard.press('s'); // skip
  await expect(page.getByTestId('item-text')).toHaveText(texts[3]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('k');
  await expect(page.getByTestId('item-text')).toHaveText(texts[1]);
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('item-text')).toHaveText(texts[3]);
  await page.keyboard.press('u'); // undoes "ham" on item 2 and jumps back to it
  await expect(page.getByTestId('labeled-count')).toHaveText('1 of 5 labeled');
  await expect(page.getByTestId('item-text')).toHaveText(texts[1]);
  await expect(panel.getByTestId('history')).toContainText('undo: unlabeled (was ham) by you');
  await page.getByTestId('item-row').nth(0).click();
  await expect(panel.getByTestId('history')).toContainText('spam (was unlabeled) by you');
  // Re-labeling records the previous value.
  await page.keyboard.press('1');
  await page.keyboard.press('k');
  await expect(panel.getByTestId('history').getByRole('listitem')).toHaveCount(2);
  await expect(panel.getByTestId('history').getByRole('listitem').nth(1)).toContainText('ham (was spam) by you');
});

test('fast typing labels each item once, in order, even while writes are pending', async ({ page }) => {
  await importUnlabeled(page);
  // All keys in one task, as a fast typist's keys arrive before the previous label is written
  // (page.keyboard.press waits for each key's round trip, which gives IndexedDB time to finish).
  await page.evaluate((keys) => {
    for (const key of keys) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, ['2', '1', '2', 'k', 'k', '2']);
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 5 labeled');
  // 2,1,2 label items 0–2 and leave the cursor on item 3; k,k step back to item 1; 2 relabels it spam.
  await expect(page.getByTestId('item-text')).toHaveText(texts[2]);
  const rows = page.getByTestId('item-row');
  for (const n of [0, 1, 2]) await expect(rows.nth(n)).toContainText('spam');
  await expect(rows.nth(1)).not.toContainText('ham');
});

test('filter then bulk-label with a confirmation of how many items change', async ({ page }) => {
  await importUnlabeled(page);
  await page.keyboard.press('2'); // item 1 spam already
  await page.getByTestId('filter-text').fill('(channel|page|pills)');
  await page.getByTestId('filter-regex').check();
  await expect(page.getByTestId('match-count')).toHaveText('3 items');
  await page.getByTestId('bulk-label').selectOption({ label: 'spam' });
  await expect(page.getByTestId('bulk-summary')).toHaveText('Set 2 of 3 shown items to spam (1 already are).');
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 5 labeled');
  await page.getByTestId('filter-text').fill('');
  await page.getByTestId('filter-regex').uncheck();
  await page.getByTestId('filter-label').selectOption('unlabeled');
  await expect(page.getByTestId('match-count')).toHaveText('2 items');
  await page.getByTestId('item-row').first().click(); // keys go to the list, not the filter box
  await page.keyboard.press('u'); // undo the bulk label
  await expect(page.getByTestId('labeled-count')).toHaveText('1 of 5 labeled');
});

test('an invalid regex says why and keeps the previous results', async ({ page }) => {
  await importUnlabeled(page);
  await page.getByTestId('filter-regex').check();
  await page.getByTestId('filter-text').fill('(unclosed');
  await expect(page.getByTestId('filter-error')).toContainText('not a valid regular expression');
  await expect(page.getByTestId('match-count')).toHaveText('5 items');
});
