import { expect, loadSample, test } from './fixtures';

test('Try the sample loads the 1,956 YouTube comments with their labels', async ({ page }) => {
  await loadSample(page);
  await expect(page.getByTestId('match-count')).toHaveText('1,956 items');
  await expect(page.getByTestId('item-text')).toContainText('check out this you[tube] channel');
  await expect(page.getByTestId('item-id')).toHaveText('LZQPQhLyRh80UYxNuaDWhIGQYNQ96IuCg-AYWqNPjpU');
  // The three duplicated COMMENT_IDs were made unique, and the user is told.
  await expect(page.getByText('3 duplicate ids were made unique')).toBeVisible();
});
