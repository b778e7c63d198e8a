import { csvFile, importHamSpam, type Page } from '../fixtures';

/** Four short comments (ids c1–c4) as a ham/spam dataset, opened on its Sources tab. */
export const commentTexts = ['Check out my channel', 'nice song', 'SUBSCRIBE to me', 'love it'];

export async function importComments(page: Page): Promise<void> {
  await importHamSpam(page, csvFile('comments.csv', 'id,text\n' + commentTexts.map((t, i) => `c${i + 1},${t}`).join('\n') + '\n'), { idColumn: 'id' });
  await page.getByRole('link', { name: 'Sources' }).click();
}

/** Eight comments with an author and a like count, for LFs on fields as well as on the text. */
export const likedComments = [
  ['Check out my channel', 'bot', '3'],
  ['nice song', 'alice', '12'],
  ['SUBSCRIBE to me', 'bot', '0'],
  ['love it', 'bob', '40'],
  ['check this out', 'carol', '15'],
  ['great', 'alice', '1'],
  ['my video!', 'bot', '22'],
  ['ok', 'dan', '5'],
];

/** The liked comments as comments.csv: text, author, likes; no id column. */
export function likedCommentsCsv() {
  return csvFile('comments.csv', 'text,author,likes\n' + likedComments.map((r) => r.join(',')).join('\n') + '\n');
}
