import { csvFile, expect, importHamSpam, test } from './fixtures';
import { draftKeywordLf, saveAndApplyLf } from './lib/lf-steps';

test('an LF save the store does not take in time says so, writes nothing, and works once the store is free', async ({ page }) => {
  await importHamSpam(page, csvFile('comments.csv', 'text,author\nCheck out my channel,bot\nnice song,alice\nSUBSCRIBE to me,bot\n'));
  await page.getByRole('link', { name: 'Sources' }).click();
  await draftKeywordLf(page, { name: 'spam words', vote: 'spam', keywords: 'check, subscribe' });

  // Another connection holds `sources` in a transaction that does not end, as a stuck writer in a
  // worker or another tab would: every later write to it waits in IndexedDB's queue.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['sources'], 'readwrite');
          const store = tx.objectStore('sources');
          const w = window as unknown as { holdSources: boolean; heldDone: Promise<void> };
          w.holdSources = true;
          w.heldDone = new Promise((done) => (tx.oncomplete = () => (open.result.close(), done())));
          const spin = () => {
            store.count().onsuccess = () => w.holdSources && spin();
          };
          spin();
          resolve();
        };
      }),
  );
  await page.getByTestId('lf-save-apply').click();
  await expect(page.locator('.message.error').last()).toContainText(`Saving "spam words" did not finish: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  await expect(page.getByTestId('lf-editor')).toBeVisible();

  await page.evaluate(() => {
    const w = window as unknown as { holdSources: boolean; heldDone: Promise<void> };
    w.holdSources = false;
    return w.heldDone;
  });
  // The withdrawn save never lands later; saving again goes through and applies.
  await expect(page.getByTestId('source-row')).toHaveCount(0);
  await saveAndApplyLf(page, 'spam words');
});
