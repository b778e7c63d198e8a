import { csvFile, expect, importHamSpam, test, type Page } from './fixtures';
import { addKeywordLf } from './lib/lf-steps';

/** LF analysis shows how much of each class the LFs cover, and names a class no LF votes for. */
const texts = ['Check out my channel', 'nice song', 'SUBSCRIBE to me', 'love it', 'check this out', 'great', 'my video!', 'ok'];

async function addLfFromSources(page: Page, name: string, label: string, keywords: string, votes: string) {
  await page.getByRole('link', { name: 'Sources' }).click();
  await addKeywordLf(page, { name, vote: label, keywords });
  await expect(page.locator('.message.info').last()).toContainText(`${name}: ${votes}`);
}

test('per-class LF coverage, and a warning naming the class no LF votes for until one does', async ({ page }) => {
  await importHamSpam(page, csvFile('comments.csv', 'text\n' + texts.join('\n') + '\n'));
  await expect(page.getByTestId('labeled-count')).toHaveText('0 of 8 labeled');
  await addLfFromSources(page, 'spam words', 'spam', 'check, subscribe', '3 votes (37.5 %)');

  await page.getByRole('link', { name: 'LF analysis' }).click();
  await expect(page.getByTestId('analysis-class-coverage')).toHaveText('Per class (items with a vote for it · LFs voting it): ham 0.0 % · 0 LFs; spam 37.5 % · 1 LF');
  await expect(page.getByTestId('analysis-unvoted')).toHaveText(
    'No LF votes for ham: the label model cannot predict it from evidence, only from the class prior. Write an LF that votes it.',
  );

  await addLfFromSources(page, 'ham words', 'ham', 'nice, love', '2 votes (25.0 %)');
  await page.getByRole('link', { name: 'LF analysis' }).click();
  await expect(page.getByTestId('analysis-class-coverage')).toHaveText('Per class (items with a vote for it · LFs voting it): ham 25.0 % · 1 LF; spam 37.5 % · 1 LF');
  await expect(page.getByTestId('analysis-unvoted')).toHaveCount(0);
});
