import { readFileSync } from 'node:fs';
import { csvFile, expect, importThroughWizard, test } from './fixtures';

// The other specs block service workers (each test is a fresh visit; precaching ~65 MB per test would
// only slow them): this one is about the service worker.
test.use({ serviceWorkers: 'allow' });

test('after one visit the app starts, imports, labels and exports with the network off', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try the sample' })).toBeVisible();
  // Installed = every precached file fetched; then the worker activates.
  const precached = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // `ready` resolves once a worker is active, which may still be "activating": wait for the outcome.
    const worker = registration.active;
    if (worker && worker.state === 'activating') {
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state !== 'activating' && resolve()));
    }
    const names = await caches.keys();
    let entries = 0;
    for (const name of names) entries += (await (await caches.open(name)).keys()).length;
    return { active: registration.active?.state, entries, names };
  });
  expect(precached.active).toBe('activated');
  expect(precached.entries).toBeGreaterThan(30);
  const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
  expect(manifest).toMatchObject({ short_name: 'Sift', display: 'standalone' });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Try the sample' })).toBeVisible();
  // The network is really off: a file the service worker does not hold cannot be fetched. (Chromium 150
  // reports navigator.onLine as true in a document reloaded under Playwright's offline emulation, though
  // every request fails, so onLine is not the check.)
  expect(await page.evaluate(() => fetch(`/not-precached-${Date.now()}.txt`, { cache: 'no-store' }).then((r) => `status ${r.status}`, (e: Error) => e.name))).toBe('TypeError');
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await importThroughWizard(page, csvFile('offline.csv', 'id,text,label\nx1,first,a\nx2,second,b\nx3,third,\n'));
  await page.getByTestId('item-row').nth(2).click();
  await page.keyboard.press('2');
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 3 labeled');

  await page.getByRole('button', { name: 'Export…' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const exported = readFileSync(await (await download).path(), 'utf8');
  expect(exported).toContain('x3,third,');
  expect(exported.split('\r\n').find((line) => line.startsWith('x3,'))).toMatch(/^x3,third,b,you,/);

  // The workers came from the cache too: a built-in model's card is served offline.
  expect(await page.evaluate(async () => (await fetch('/models/builtin/index.json')).ok)).toBe(true);
  await context.setOffline(false);
});
