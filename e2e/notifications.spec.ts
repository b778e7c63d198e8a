import { csvFile, expect, importHamSpam, test, type Page } from './fixtures';

const texts = ['buy cheap pills now', 'lovely song', 'subscribe to my channel', 'great voice', 'check out my page'];

async function importComments(page: Page, name: string) {
  await importHamSpam(page, csvFile(`${name}.csv`, 'text\n' + texts.join('\n') + '\n'));
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 5 labeled');
}

async function bulkLabelSpam(page: Page) {
  await page.getByTestId('filter-text').fill('(channel|page|pills)');
  await page.getByTestId('filter-regex').check();
  await expect(page.getByTestId('match-count')).toHaveText('3 items');
  await page.getByTestId('bulk-label').selectOption({ label: 'spam' });
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 5 labeled');
}

const openDataset = (page: Page, name: string) => page.getByTestId('datasets').getByRole('link', { name }).click();

test('confirmations fade with a working Undo; errors stay on their own dataset; the activity log keeps both', async ({ page }) => {
  await importComments(page, 'second');
  await importComments(page, 'first');

  // An error from the Sources tab of "first" stays until dismissed.
  await page.getByRole('link', { name: 'Sources' }).click();
  await page.getByTestId('new-js-lf').click();
  await page.getByTestId('js-lf-name').fill('broken');
  await page.getByTestId('js-lf-source').fill("(item) => { throw new Error('no thanks') }");
  await page.getByTestId('js-lf-save-apply').click();
  const error = page.getByTestId('message-error');
  await expect(error).toContainText('threw Error: no thanks');

  // A bulk label's toast offers Undo, and Undo reverts exactly that change.
  await page.getByRole('link', { name: 'Items' }).click();
  await bulkLabelSpam(page);
  const toast = page.getByTestId('message-info').filter({ hasText: '3 items are now spam.' });
  await expect(toast).toBeVisible();
  await toast.getByTestId('toast-action').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 5 labeled');
  await expect(page.getByTestId('message-info').filter({ hasText: 'Undid the label of 3 items.' })).toBeVisible();

  // Once a later change exists, the Undo of the earlier one is gone (it would revert the wrong change).
  await bulkLabelSpam(page);
  const second = page.getByTestId('message-info').filter({ hasText: '3 items are now spam.' });
  await expect(second.getByTestId('toast-action')).toBeVisible();
  // Regex off first, then the text cleared: "5 items" then answers the last filter change, not an
  // earlier one (an empty regex also matches all five) whose successor could still move the cursor.
  await page.getByTestId('filter-regex').uncheck();
  await page.getByTestId('filter-text').fill('');
  await expect(page.getByTestId('match-count')).toHaveText('5 items');
  // The key labels the current item: the click must have made "lovely song" current (a filter pass
  // finishing just after it puts the cursor back on the first row, so click again until it holds).
  await expect(async () => {
    await page.getByTestId('item-row').nth(1).click();
    await expect(page.getByTestId('item-text')).toHaveText(texts[1], { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.press('1');
  await expect(page.getByTestId('labeled-count')).toHaveText('4 of 5 labeled');
  await expect(second.getByTestId('toast-action')).toHaveCount(0);

  // Confirmations fade by themselves; the error is still there after they have gone.
  await expect(page.getByTestId('message-info')).toHaveCount(0, { timeout: 20_000 });
  await expect(error).toHaveCount(1);

  // The error belongs to "first": not on the home page, not on "second"; back on "first" it is.
  await page.getByRole('link', { name: 'Sift' }).click();
  await expect(page.getByTestId('datasets')).toContainText('second');
  await expect(error).toHaveCount(0);
  await openDataset(page, 'second');
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 5 labeled');
  await expect(error).toHaveCount(0);
  await page.getByRole('link', { name: 'Sift' }).click();
  await openDataset(page, 'first');
  await expect(page.getByTestId('labeled-count')).toHaveText('4 of 5 labeled');
  await expect(error).toContainText('threw Error: no thanks');
  await error.getByRole('button', { name: 'Dismiss' }).click();
  await expect(error).toHaveCount(0);

  // The activity log shows the stored changes and the messages again, newest first.
  await page.getByRole('link', { name: 'Activity' }).click();
  const log = page.getByTestId('activity-log');
  await expect(log).toContainText('Imported 5 rows.');
  await expect(log).toContainText('Created the source "broken".');
  await expect(log.locator('[data-kind="error"]')).toContainText('threw Error: no thanks');
  await expect(log.locator('[data-kind="change"]').filter({ hasText: 'Labeled 3 items as spam.' })).toHaveCount(2);
  await expect(log.locator('[data-kind="change"]').filter({ hasText: 'Undid a bulk label of 3 items.' })).toHaveCount(1);
  await expect(log.locator('[data-kind="info"]').filter({ hasText: '3 items are now spam.' })).toHaveCount(2);
  await expect(log.getByRole('listitem').first()).toContainText('3 items are now spam.');
});

test('the activity log of another dataset has none of these', async ({ page }) => {
  await importComments(page, 'first');
  await bulkLabelSpam(page);
  await importComments(page, 'other');
  await expect(page.getByTestId('message-info').filter({ hasText: 'items are now spam' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Activity' }).click();
  const log = page.getByTestId('activity-log');
  await expect(log).toContainText('Imported 5 rows.');
  await expect(log).not.toContainText('spam');
});
