import { expect, test } from './fixtures';

test('a store written by a newer Sift is refused with a clear message and left untouched', async ({ page }) => {
  // A same-origin page that does not run the app, to lay down a "future" store first.
  await page.goto('/favicon.svg');
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('sift', 990);
        open.onupgradeneeded = () => open.result.createObjectStore('future', { keyPath: 'id' }).add({ id: 'keep-me', note: 'written by Sift 99' });
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.goto('/');
  await expect(page.getByTestId('store-problem')).toContainText('written by a newer version of Sift (store version 99; this version reads up to');
  await expect(page.getByTestId('store-problem')).toContainText('Nothing was changed');
  const after = await page.evaluate(
    () =>
      new Promise<{ version: number; record: unknown }>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('future').objectStore('future').get('keep-me');
          get.onsuccess = () => {
            resolve({ version: db.version, record: get.result });
            db.close();
          };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(after).toEqual({ version: 990, record: { id: 'keep-me', note: 'written by Sift 99' } });
});
