import { expect, importHamSpam, test, type Page } from './fixtures';
import { likedCommentsCsv } from './lib/comments';
import { fillKeywordLf, openRuleLfEditor, saveAndApplyLf, sourceRow, startRuleLf } from './lib/lf-steps';

async function importComments(page: Page) {
  await importHamSpam(page, likedCommentsCsv(), { idColumn: '' });
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 8 labeled');
}

const itemVote = (page: Page, name: string) => page.locator(`[data-testid="item-vote"][data-name="${name}"]`);

test('create a keyword LF without code, apply it, edit it (stale), apply again; votes show per item', async ({ page }) => {
  await importComments(page);
  await page.getByRole('link', { name: 'Sources' }).click();
  await openRuleLfEditor(page);
  await expect(page.getByTestId('lf-save')).toBeDisabled();
  await fillKeywordLf(page, { name: 'spam words', vote: 'spam', keywords: 'check, subscribe' });
  await saveAndApplyLf(page, 'spam words');
  await expect(page.locator('.message.info').last()).toContainText('spam words: 3 votes (37.5 %)');
  const firstVersion = await sourceRow(page, 'spam words').locator('code.version').textContent();
  expect(firstVersion).toMatch(/^rule-[0-9a-f]{16}$/);

  await page.getByRole('link', { name: 'Items' }).click();
  await expect(itemVote(page, 'spam words')).toHaveAttribute('data-vote', '1');
  await page.getByTestId('item-row').nth(1).click();
  await expect(itemVote(page, 'spam words')).toHaveAttribute('data-vote', '-1');

  // An edit that changes the votes makes the stored ones stale until the LF is applied again.
  await page.getByRole('link', { name: 'Sources' }).click();
  await sourceRow(page, 'spam words').getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('c-whole-word').uncheck();
  await page.getByTestId('c-case').check();
  await page.getByTestId('lf-save').click();
  await expect(sourceRow(page, 'spam words').getByTestId('source-state')).toHaveText('stale: edited since applied');
  await expect(sourceRow(page, 'spam words').locator('code.version')).toHaveText(firstVersion!);
  await page.getByRole('link', { name: 'Items' }).click();
  await expect(itemVote(page, 'spam words')).toContainText('stale');
  await page.getByRole('link', { name: 'Sources' }).click();
  await page.getByTestId('apply-stale').click();
  await expect(sourceRow(page, 'spam words').getByTestId('source-state')).toHaveText('votes up to date');
  // Case-sensitive now: only "check this out" (lower case) still matches.
  await expect(page.locator('.message.info').last()).toContainText('spam words: 1 votes');
  await expect(sourceRow(page, 'spam words').locator('code.version')).not.toHaveText(firstVersion!);

  // Renaming does not change what the LF votes: its votes stay valid.
  await sourceRow(page, 'spam words').getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('lf-name').fill('spammy words');
  await page.getByTestId('lf-save').click();
  await expect(sourceRow(page, 'spammy words').getByTestId('source-state')).toHaveText('votes up to date');
});

test('field rules combined with AND / OR / NOT, a bad regex refused, an LF from the Items filter, delete', async ({ page }) => {
  await importComments(page);
  await page.getByRole('link', { name: 'Sources' }).click();
  await startRuleLf(page, 'popular non-bot');
  await page.getByTestId('c-kind').selectOption('and');
  // The keyword condition becomes the first part of the AND; turn it into "likes ≥ 10".
  await page.getByTestId('c-0-kind').selectOption('number');
  await page.getByTestId('c-0-field').selectOption('likes');
  await page.getByTestId('c-0-op').selectOption('>=');
  await page.getByTestId('c-0-value').fill('10');
  await page.getByTestId('c-add').click();
  await page.getByTestId('c-1-kind').selectOption('not');
  await page.getByTestId('c-1-0-kind').selectOption('metadata');
  await page.getByTestId('c-1-0-field').selectOption('author');
  await page.getByTestId('c-1-0-values').fill('bot');
  await page.getByTestId('c-add').click();
  await page.getByTestId('c-2-kind').selectOption('or');
  await page.getByTestId('c-2-0-kind').selectOption('length');
  await page.getByTestId('c-2-0-op').selectOption('<=');
  await page.getByTestId('c-2-0-value').fill('2');
  await page.getByTestId('c-2-add').click();
  await page.getByTestId('c-2-1-kind').selectOption('regex');
  await page.getByTestId('c-2-1-pattern').fill('(unclosed');
  await expect(page.getByTestId('c-2-1-regex-error')).toBeVisible();
  await expect(page.getByTestId('lf-problem')).toContainText('does not compile');
  await expect(page.getByTestId('lf-save-apply')).toBeDisabled();
  await page.getByTestId('c-2-1-pattern').fill('^check');
  await page.getByTestId('lf-save-apply').click();
  // likes ≥ 10 and not by bot: "nice song" (12, 2 words), "love it" (40, 2 words), "check this out" (15, starts with check).
  await expect(page.locator('.message.info').last()).toContainText('popular non-bot: 3 votes');
  await expect(sourceRow(page, 'popular non-bot').locator('td.definition')).toHaveText(
    'likes ≥ 10 AND NOT (author is "bot") AND (length of text in words ≤ 2 OR text matches /^check/i)',
  );

  // From the Items tab: filter, then start an LF from the filter.
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByTestId('filter-text').fill('channel');
  await expect(page.getByTestId('match-count')).toHaveText('1 item');
  await page.getByTestId('lf-from-filter').click();
  await expect(page.getByTestId('lf-editor')).toBeVisible();
  await expect(page.getByTestId('c-keywords-chips').locator('.chip-text')).toHaveText(['channel']);
  await page.getByTestId('lf-vote').selectOption({ label: 'spam' });
  await page.getByTestId('lf-save').click();
  await expect(sourceRow(page, 'keyword channel')).toHaveAttribute('data-state', 'missing');

  page.once('dialog', (dialog) => dialog.accept());
  await sourceRow(page, 'keyword channel').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('source-row')).toHaveCount(1);

  // Similarity to an example item (the current one in the Items tab), on the built-in hashed n-gram vectors.
  await startRuleLf(page, 'like the first', 'spam');
  await page.getByTestId('c-kind').selectOption('similarity');
  await page.getByTestId('c-threshold').fill('0.99');
  await page.getByRole('button', { name: 'Add current item (1)' }).click();
  await expect(page.getByTestId('c-examples')).toHaveValue('1');
  await page.getByTestId('lf-save-apply').click();
  await expect(page.locator('.message.info').last()).toContainText('like the first: 1 votes');
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByTestId('item-row').first().click();
  await expect(page.locator('[data-testid="item-vote"][data-name="like the first"]')).toHaveAttribute('data-vote', '1');
});
