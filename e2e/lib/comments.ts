import { csvFile, importThroughWizard, type Page } from '../fixtures';

/** Four short comments (ids c1–c4) as a ham/spam dataset, opened on its Sources tab. */
export const commentTexts = ['Check out my channel', 'nice song', 'SUBSCRIBE to me', 'love it'];

export async function importComments(page: Page): Promise<void> {
  await page.goto('/');
  await importThroughWizard(page, csvFile('comments.csv', 'id,text\n' + commentTexts.map((t, i) => `c${i + 1},${t}`).join('\n') + '\n'), async (p) => {
    await p.getByTestId('id-column').selectOption('id');
    await p.getByTestId('class-name-0').fill('ham');
    await p.getByTestId('class-name-1').fill('spam');
  });
  await page.getByRole('link', { name: 'Sources' }).click();
}
