import { readFileSync } from 'node:fs';
import { expect, loadSample, test, type Page } from './fixtures';
import { draftKeywordLf, sourceRow, startRuleLf } from './lib/lf-steps';

async function openWrenchSample(page: Page) {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
}

const PREVIEW = { timeout: 30_000 };

test('the LF preview follows typing: coverage, votes, dev accuracy, hits as plain text; a bad regex shows its error instead', async ({ page }) => {
  test.setTimeout(360_000);
  await openWrenchSample(page);
  await page.getByRole('link', { name: 'Sources' }).click();
  await page.getByTestId('new-rule-lf').click();
  const preview = page.getByTestId('lf-preview');
  // No keyword yet: the problem stands where the preview will be.
  await expect(preview).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('lf-problem')).toContainText('keywords must be a non-empty list');
  await page.getByTestId('lf-vote').selectOption({ label: 'SPAM' });

  await page.getByTestId('c-keywords').pressSequentially('check', { delay: 40 });
  const previewOf = page.getByTestId('lf-preview-of');
  await expect(previewOf).toHaveText('SPAM where text has any of "check" (whole word)', PREVIEW);
  const coverage = page.getByTestId('lf-preview-coverage');
  // 1,956 items, 250 of them canary: every other item is looked at.
  await expect(coverage).toContainText(/^Coverage \d+\.\d %: [\d,]+ of 1,706 items \(all but canary\)$/, PREVIEW);
  await expect(preview).toHaveAttribute('data-state', 'ready');
  const checkOnly = await coverage.textContent();
  await expect(page.getByTestId('lf-preview-votes')).toHaveText(/^Votes: HAM 0 · SPAM [1-9][\d,]*$/);
  await expect(page.getByTestId('lf-preview-dev')).toContainText(/Dev accuracy \d+\.\d % \(\d+ of \d+ labelled dev items it votes on/);
  const hits = page.getByTestId('lf-preview-hit');
  expect(await hits.count()).toBeGreaterThan(0);
  expect(await hits.count()).toBeLessThanOrEqual(20);
  // Long texts are cut (with …) and their match may lie past the cut; every whole one shows it.
  const mustMatch = async (pattern: RegExp) => {
    const texts = await hits.allTextContents();
    expect(texts.some((text) => pattern.test(text))).toBe(true);
    for (const text of texts) if (!text.includes('…')) expect(text).toMatch(pattern);
  };
  await mustMatch(/check/i);

  // A comma makes "check" a chip; a second keyword widens the LF and the preview follows.
  await page.getByTestId('c-keywords').pressSequentially(', subscribe', { delay: 40 });
  await expect(page.getByTestId('c-keywords-chips').locator('.chip-text')).toHaveText(['check']);
  await page.getByTestId('c-keywords').press('Enter');
  await expect(page.getByTestId('c-keywords-chips').locator('.chip-text')).toHaveText(['check', 'subscribe']);
  await expect(previewOf).toHaveText('SPAM where text has any of "check", "subscribe" (whole word)', PREVIEW);
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await expect(coverage).not.toHaveText(checkOnly!);
  await mustMatch(/check|subscribe/i);

  // Removing the chip by its button leaves "subscribe" alone.
  await page.getByRole('button', { name: 'Remove check' }).click();
  await expect(page.getByTestId('c-keywords-chips').locator('.chip-text')).toHaveText(['subscribe']);
  await expect(previewOf).toHaveText('SPAM where text has any of "subscribe" (whole word)', PREVIEW);
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await mustMatch(/subscribe/i);
  // Backspace in the empty box takes the last chip back: no keyword left, so no preview.
  await page.getByTestId('c-keywords').press('Backspace');
  await expect(page.getByTestId('c-keywords-chips').locator('.chip-text')).toHaveCount(0);
  await expect(preview).toHaveAttribute('data-state', 'invalid');

  // A regex that does not compile: its error replaces the preview, Save is refused.
  await page.getByTestId('c-kind').selectOption('regex');
  await page.getByTestId('c-pattern').fill('(unclosed');
  await expect(preview).toHaveAttribute('data-state', 'invalid');
  await expect(page.getByTestId('lf-problem')).toContainText('condition.pattern /(unclosed/i does not compile: Invalid regular expression');
  await expect(page.getByTestId('lf-preview-examples')).toHaveCount(0);
  await expect(page.getByTestId('lf-save')).toBeDisabled();

  // Comments carry HTML; the hits show it as text and never render it.
  await page.getByTestId('c-pattern').fill('<a href');
  await expect(previewOf).toHaveText('SPAM where text matches /<a href/i', PREVIEW);
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await mustMatch(/<a href/);
  await expect(page.getByTestId('lf-preview-examples').locator('a, br')).toHaveCount(0);
  await page.getByTestId('lf-name').fill('links');
  await page.getByTestId('lf-save').click();
  await expect(sourceRow(page, 'links')).toHaveAttribute('data-state', 'missing');
});

test('LFs exported from one dataset import into another: a missing field refuses the whole file, classes map by name', async ({ page }, testInfo) => {
  // Two sample imports and an apply on a loaded two-core machine.
  test.setTimeout(300_000);
  await loadSample(page);
  await page.getByRole('link', { name: 'Sources' }).click();
  const newKeywordLf = async (name: string, keywords: string) => {
    await draftKeywordLf(page, { name, vote: 'spam', keywords });
    await expect(page.getByTestId('lf-preview')).toHaveAttribute('data-state', 'ready', PREVIEW);
    await page.getByTestId('lf-save').click();
    await expect(sourceRow(page, name)).toHaveCount(1);
  };
  await newKeywordLf('spam words', 'check out, subscribe');
  const exportTo = async (file: string) => {
    const download = page.waitForEvent('download');
    await page.getByTestId('lf-library-export').click();
    const path = testInfo.outputPath(file);
    await (await download).saveAs(path);
    return path;
  };
  const portable = await exportTo('portable.lfs.json');
  const library = JSON.parse(readFileSync(portable, 'utf8'));
  expect(library).toMatchObject({ format: 'sift-lf-library', version: 1, classes: ['ham', 'spam'], lfs: [{ kind: 'rule', name: 'spam words', vote: 'spam' }] });
  expect(library.lfs[0].condition.keywords).toEqual(['check out', 'subscribe']);

  // An LF on the AUTHOR field, which the WRENCH copy of these comments does not have.
  await startRuleLf(page, 'bot author', 'spam');
  await page.getByTestId('c-kind').selectOption('metadata');
  await page.getByTestId('c-field').selectOption('AUTHOR');
  await page.getByTestId('c-values').fill('bot');
  await expect(page.getByTestId('lf-preview')).toHaveAttribute('data-state', 'ready', PREVIEW);
  await page.getByTestId('lf-save').click();
  await expect(sourceRow(page, 'bot author')).toHaveCount(1);
  const withAuthor = await exportTo('with-author.lfs.json');

  await openWrenchSample(page);
  await page.getByRole('link', { name: 'Sources' }).click();
  await expect(page.getByTestId('source-row')).toHaveCount(10);
  await page.getByTestId('lf-library-import').setInputFiles(withAuthor);
  const error = page.getByTestId('message-error');
  await expect(error).toContainText('Nothing was imported: 1 of 2 LFs do not fit this dataset');
  await expect(error).toContainText('LF "bot author" reads "AUTHOR", which is not a field of this dataset');
  await expect(page.getByTestId('source-row')).toHaveCount(10);

  // The portable one goes in; its "spam" vote lands on this dataset's SPAM class.
  await page.getByTestId('lf-library-import').setInputFiles(portable);
  await expect(sourceRow(page, 'spam words')).toHaveAttribute('data-state', 'missing');
  await expect(page.getByTestId('source-row')).toHaveCount(11);
  await expect(sourceRow(page, 'spam words')).toContainText('rule LF → SPAM');
  await sourceRow(page, 'spam words').getByTestId('apply-source').click();
  await expect(sourceRow(page, 'spam words').getByTestId('source-state')).toHaveText('votes up to date', { timeout: 60_000 });
});
