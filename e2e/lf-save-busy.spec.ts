import type { Page } from '@playwright/test';
import { csvFile, expect, importHamSpam, test } from './fixtures';
import { draftKeywordLf, sourceRow } from './lib/lf-steps';
import { holdStores, readStore, releaseStores, withStore } from './lib/store';

const snapshotCount = (page: Page) => withStore<number>(page, 'snapshots', 'count');

test('an LF save, and a delete with its snapshot, that the store does not take in time say so, write nothing, and work once the store is free', async ({ page }) => {
  await importHamSpam(page, csvFile('comments.csv', 'text,author\nCheck out my channel,bot\nnice song,alice\nSUBSCRIBE to me,bot\n'));
  await page.getByRole('link', { name: 'Sources' }).click();
  await draftKeywordLf(page, { name: 'spam words', vote: 'spam', keywords: 'check, subscribe' });

  await holdStores(page, ['sources']);
  await page.getByTestId('lf-save-apply').click();
  await expect(page.locator('.message.error').last()).toContainText(`Saving "spam words" did not finish: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  await expect(page.getByTestId('lf-editor')).toBeVisible();

  await releaseStores(page);
  // The withdrawn save never lands later; saving again goes through and applies.
  await expect(page.getByTestId('source-row')).toHaveCount(0);
  await page.getByTestId('lf-save-apply').click();
  const row = sourceRow(page, 'spam words');
  await expect(row.getByTestId('source-state')).toHaveText('votes up to date');

  // A delete on a ready dataset first takes a snapshot, which reads `sources`: behind the same stuck
  // writer it must be started within 15 s too, so the delete says so and removes nothing.
  expect(await snapshotCount(page)).toBe(0);
  await holdStores(page, ['sources']);
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.message.error').last()).toContainText(`Deleting "spam words" did not start: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  await releaseStores(page);
  expect(await snapshotCount(page)).toBe(0);
  await expect(row).toHaveCount(1);
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect(await snapshotCount(page)).toBe(1);
});

test('an apply whose run the store does not start in time says so, writes nothing, and applies once the store is free', async ({ page }) => {
  await importHamSpam(page, csvFile('comments.csv', 'text,author\nCheck out my channel,bot\nnice song,alice\nSUBSCRIBE to me,bot\n'));
  await page.getByRole('link', { name: 'Sources' }).click();
  await draftKeywordLf(page, { name: 'spam words', vote: 'spam', keywords: 'check, subscribe' });
  await page.getByTestId('lf-save').click();
  const row = sourceRow(page, 'spam words');
  await expect(row.getByTestId('source-state')).toHaveText('not applied');

  // The run's begin writes `columns` with `runs`: behind a stuck writer on it the apply must not wait in silence.
  await holdStores(page, ['columns']);
  await row.getByTestId('apply-source').click();
  await expect(page.locator('.message.error').last()).toContainText(`Applying LF "spam words" did not start: the browser's storage did not answer within 15 s`, { timeout: 60_000 });
  await expect(page.getByTestId('task')).toHaveCount(0);
  await releaseStores(page);
  expect(await readStore(page, 'runs')).toEqual([]);
  await expect(row.getByTestId('source-state')).toHaveText('not applied');

  await row.getByTestId('apply-source').click();
  await expect(row.getByTestId('source-state')).toHaveText('votes up to date');
});
