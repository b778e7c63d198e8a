import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { csvFile, expect, importHamSpam, test, type Page } from './fixtures';

/**
 * Two tabs on one profile label the same dataset (issue 14). Tab B follows tab A's labels live; a bulk
 * label or an undo decided from what a tab showed earlier never overwrites the other tab's newer labels
 * silently: it stops, says how many items conflict, and the user skips or overwrites them.
 */
const N = 40;
// Items 0..29 say "red", items 10..39 say "blue": the two filters overlap on items 10..29.
const texts = Array.from({ length: N }, (_, i) => `item ${i}${i < 30 ? ' red' : ''}${i >= 10 ? ' blue' : ''}`);

const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|blob:|data:|about:)/;
let profile: string;
let context: BrowserContext;
const offOrigin: string[] = [];
const pageErrors: string[] = [];

test.beforeEach(async ({ baseURL }) => {
  // A real on-disk profile, as two windows of one browser share it (the default context is incognito).
  profile = mkdtempSync(join(tmpdir(), 'sift-two-tabs-'));
  context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions(), baseURL });
  context.on('request', (request) => {
    if (!LOCAL.test(request.url())) offOrigin.push(request.url());
  });
  await context.route((url) => !LOCAL.test(url.toString()), (route) => route.abort('blockedbyclient'));
});

test.afterEach(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  expect(offOrigin, 'requests that left the app origin').toEqual([]);
  expect(pageErrors, 'uncaught errors in the pages').toEqual([]);
  offOrigin.length = 0;
  pageErrors.length = 0;
});

async function newTab(): Promise<Page> {
  const page = context.pages().find((p) => p.url() === 'about:blank') ?? (await context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Imports the dataset in a first tab and opens it in a second. */
async function twoTabs(): Promise<[Page, Page]> {
  const a = await newTab();
  await importHamSpam(a, csvFile('colors.csv', 'text\n' + texts.join('\n') + '\n'));
  await expect(a.getByTestId('labeled-count')).toHaveText(`0 of ${N} labeled`);
  const b = await context.newPage();
  b.on('pageerror', (error) => pageErrors.push(error.message));
  await b.goto(a.url());
  await expect(b.getByTestId('labeled-count')).toHaveText(`0 of ${N} labeled`);
  return [a, b];
}

async function filter(page: Page, text: string): Promise<void> {
  await page.getByTestId('filter-text').fill(text);
  await expect(page.getByTestId('match-count')).toHaveText('30 items');
}

/** Opens the bulk dialog for the shown items; the labels it will compare against are taken now. */
async function openBulk(page: Page, label: 'ham' | 'spam'): Promise<void> {
  await page.getByTestId('bulk-label').selectOption({ label });
  await expect(page.getByTestId('bulk-summary')).toBeVisible();
}

/** The labels in the store, replayed from the label log as every tab does: -1 unlabeled, 0 ham, 1 spam. */
function storedLabels(page: Page): Promise<number[]> {
  return page.evaluate(
    (n) =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('labelEvents').objectStore('labelEvents').getAll();
          request.onsuccess = () => {
            const labels = new Array<number>(n).fill(-1);
            for (const event of request.result as { seq: number; items: Uint32Array; labels: Int16Array }[]) {
              event.items.forEach((item, i) => (labels[item] = event.labels.length === 1 ? event.labels[0] : event.labels[i]));
            }
            open.result.close();
            resolve(labels);
          };
        };
      }),
    N,
  );
}

const fill = (count: number, label: number) => new Array<number>(count).fill(label);

test("a label made in one tab shows in the other without a reload", async () => {
  const [a, b] = await twoTabs();
  await a.getByTestId('item-row').nth(3).click();
  await a.keyboard.press('2');
  await expect(b.getByTestId('labeled-count')).toHaveText(`1 of ${N} labeled`, { timeout: 5000 });
  await b.getByTestId('item-row').nth(3).click();
  await expect(b.getByTestId('item-row').nth(3)).toContainText('spam');
  await expect(b.getByTestId('history')).toContainText('spam (was unlabeled) by you');
  // And back: B relabels it ham, and A shows that.
  await b.keyboard.press('1');
  await expect(a.getByTestId('item-row').nth(3)).toContainText('ham', { timeout: 5000 });
  await expect(a.getByTestId('labeled-count')).toHaveText(`1 of ${N} labeled`);
});

test('overlapping bulk labels from two tabs: the second stops with the conflict count; skip keeps the first tab\'s labels', async () => {
  const [a, b] = await twoTabs();
  await filter(a, 'red');
  await filter(b, 'blue');
  // Both dialogs open while nothing is labeled: each user sees 30 unlabeled items.
  await openBulk(a, 'spam');
  await openBulk(b, 'ham');
  await expect(a.getByTestId('bulk-summary')).toHaveText('Set 30 of 30 shown items to spam.');
  await expect(b.getByTestId('bulk-summary')).toHaveText('Set 30 of 30 shown items to ham.');

  await a.getByTestId('bulk-apply').click();
  await expect(a.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`);
  await expect(b.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`, { timeout: 5000 });

  await b.getByTestId('bulk-apply').click();
  await expect(b.getByTestId('bulk-conflict')).toHaveText('20 of these items were labeled differently in another tab since you opened this dialog. Nothing has been written yet.');
  expect(await storedLabels(b)).toEqual([...fill(30, 1), ...fill(10, -1)]);
  await b.getByTestId('bulk-skip').click();
  await expect(b.getByTestId('labeled-count')).toHaveText(`${N} of ${N} labeled`);
  await expect(a.getByTestId('labeled-count')).toHaveText(`${N} of ${N} labeled`, { timeout: 5000 });
  expect(await storedLabels(a)).toEqual([...fill(30, 1), ...fill(10, 0)]);
});

test('overwrite, when chosen, relabels the conflicting items and records what the other tab had set', async () => {
  const [a, b] = await twoTabs();
  await filter(a, 'red');
  await filter(b, 'blue');
  await openBulk(b, 'ham');
  await openBulk(a, 'spam');
  await a.getByTestId('bulk-apply').click();
  await expect(b.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`, { timeout: 5000 });
  await b.getByTestId('bulk-apply').click();
  await expect(b.getByTestId('bulk-conflict')).toContainText('20 of these items');
  await b.getByTestId('bulk-overwrite').click();
  await expect(a.getByTestId('labeled-count')).toHaveText(`${N} of ${N} labeled`, { timeout: 5000 });
  expect(await storedLabels(a)).toEqual([...fill(10, 1), ...fill(30, 0)]);
  await a.getByTestId('item-row').nth(15).click();
  await expect(a.getByTestId('history')).toContainText('ham (was spam) by you');
});

test('a stale undo reverts only what is still its own, after saying how many items the other tab changed', async () => {
  const [a, b] = await twoTabs();
  await filter(a, 'red');
  await openBulk(a, 'spam');
  await a.getByTestId('bulk-apply').click();
  await expect(b.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`, { timeout: 5000 });

  // Tab B, up to date, relabels the blue items (20 of them tab A's spam) as ham.
  await filter(b, 'blue');
  await openBulk(b, 'ham');
  await expect(b.getByTestId('bulk-summary')).toHaveText('Set 30 of 30 shown items to ham.');
  await b.getByTestId('bulk-apply').click();
  await expect(b.getByTestId('labeled-count')).toHaveText(`${N} of ${N} labeled`);
  await expect(a.getByTestId('labeled-count')).toHaveText(`${N} of ${N} labeled`, { timeout: 5000 });

  // Tab A undoes its bulk label: 20 of its items are now tab B's work.
  await a.getByTestId('item-row').first().click();
  await a.keyboard.press('u');
  await expect(a.getByTestId('undo-conflict')).toContainText('20 items of your last change were labeled again in another tab since.');
  expect(await storedLabels(a)).toEqual([...fill(10, 1), ...fill(30, 0)]);
  await a.getByTestId('undo-skip').click();
  await expect(a.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`);
  await expect(b.getByTestId('labeled-count')).toHaveText(`30 of ${N} labeled`, { timeout: 5000 });
  // No label of tab B's was lost.
  expect(await storedLabels(b)).toEqual([...fill(10, -1), ...fill(30, 0)]);

  // Undone once is undone, in both tabs: B has its own bulk label to undo, A has nothing left.
  await a.getByTestId('item-row').first().click();
  await a.keyboard.press('u');
  await expect(a.getByText('Nothing of yours left to undo.')).toBeVisible();
  expect(await storedLabels(a)).toEqual([...fill(10, -1), ...fill(30, 0)]);
});
