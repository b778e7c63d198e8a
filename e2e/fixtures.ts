import { test as base, expect, type Page } from '@playwright/test';

const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|blob:|data:|about:|chrome-extension:)/;

/**
 * Every test runs with the off-origin guard: any request (page or worker) that leaves the app's own
 * origin is blocked and fails the test, as does any uncaught error in the page.
 */
export const test = base.extend<{ guard: { offOrigin: string[]; pageErrors: string[] } }>({
  guard: [
    async ({ context, page }, use) => {
      const offOrigin: string[] = [];
      const pageErrors: string[] = [];
      context.on('request', (request) => {
        if (!LOCAL.test(request.url())) offOrigin.push(request.url());
      });
      await context.route((url) => !LOCAL.test(url.toString()), (route) => route.abort('blockedbyclient'));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await use({ offOrigin, pageErrors });
      expect(offOrigin, 'requests that left the app origin').toEqual([]);
      expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * For the first step that loads a model after a page load (each page starts its workers afresh): it
 * compiles onnxruntime-web's ~27 MB WebAssembly, about 5 s alone on this 2-core machine and past the
 * default 15 s while the other Playwright worker does the same.
 */
export const MODEL_LOAD = { timeout: 60_000 };
export type { Page };

/** Loads the built-in sample through the UI and waits until its dataset view is open. */
export async function loadSample(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample' }).click();
  await expect(page.getByTestId('labeled-count')).toHaveText('1,956 of 1,956 labeled', { timeout: 60_000 });
}

/** Imports a file through the picker and the mapping step with its suggested columns. */
export async function importThroughWizard(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  adjust?: (page: Page) => Promise<void>,
): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(file);
  await expect(page.getByRole('main', { name: 'Import mapping' })).toBeVisible();
  if (adjust) await adjust(page);
  await page.getByTestId('start-import').click();
  await expect(page.getByTestId('labeled-count')).toBeVisible({ timeout: 90_000 });
}

/**
 * Opens Home and imports a file as a two-class dataset, class 0 named ham and class 1 spam, keeping the
 * wizard's other suggestions; `idColumn` picks the id column ('' for none, so items are numbered).
 */
export async function importHamSpam(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, options: { idColumn?: string } = {}): Promise<void> {
  await page.goto('/');
  await importThroughWizard(page, file, async (p) => {
    if (options.idColumn !== undefined) await p.getByTestId('id-column').selectOption(options.idColumn);
    await p.getByTestId('class-name-0').fill('ham');
    await p.getByTestId('class-name-1').fill('spam');
  });
}

/** Counts what the app has stored, straight from IndexedDB: nothing may be left behind by a failed import. */
export async function storeCounts(page: Page): Promise<{ datasets: number; chunks: number; columns: number; labelEvents: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['datasets', 'chunks', 'columns', 'labelEvents'] as const;
          const tx = db.transaction([...names], 'readonly');
          const out: Record<string, number> = {};
          for (const name of names) {
            const req = tx.objectStore(name).count();
            req.onsuccess = () => (out[name] = req.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(out as { datasets: number; chunks: number; columns: number; labelEvents: number });
          };
        };
      }),
  );
}

export function csvFile(name: string, text: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}
