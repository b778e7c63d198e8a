import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, importHamSpam, test, type Page } from './fixtures';
import { likedCommentsCsv } from './lib/comments';
import { addKeywordLf, saveAndApplyLf, setNumberCondition, sourceRow, startRuleLf } from './lib/lf-steps';

const root = fileURLToPath(new URL('..', import.meta.url));

async function downloadSpec(page: Page, path: string): Promise<Record<string, any>> {
  await page.getByRole('link', { name: 'Label model' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('spec-download').click();
  await (await download).saveAs(path);
  return JSON.parse(readFileSync(path, 'utf8'));
}

test('pipeline spec: export from the app, read by the CLI, imported back; a newer version refused', async ({ page }, testInfo) => {
  await importHamSpam(page, likedCommentsCsv(), { idColumn: '' });
  await page.getByRole('link', { name: 'Sources' }).click();
  await addKeywordLf(page, { name: 'spam words', vote: 'spam', keywords: 'check, subscribe' });
  await startRuleLf(page, 'popular', 'ham');
  await setNumberCondition(page, { field: 'likes', op: '>=', value: '10' });
  await saveAndApplyLf(page, 'popular');

  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-method').selectOption('snorkel');
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-chosen')).toContainText('Snorkel-style', { timeout: 60_000 });

  const first = testInfo.outputPath('first.json');
  const spec = await downloadSpec(page, first);
  expect(spec.format).toBe('sift-pipeline');
  expect(spec.version).toBe(1);
  expect(spec.classes).toEqual(['ham', 'spam']);
  expect(spec.dataset.fields).toEqual(['author', 'likes']);
  expect(spec.lfs.map((lf: { name: string }) => lf.name)).toEqual(['spam words', 'popular']);
  expect(spec.lfs[1].condition).toMatchObject({ kind: 'number', field: 'likes', op: '>=', value: 10 });
  expect(spec.labelModel).toMatchObject({ method: 'snorkel', sources: spec.lfs.map((lf: { id: string }) => lf.id) });
  expect(spec.labelModel.params).toMatchObject({ method: 'snorkel', m: 2, k: 2 });
  await expect(page.locator('.message.info').last()).toContainText('Pipeline spec with 2 LFs, label model Snorkel-style.');

  // The CLI reads the same file and can run every LF on both engines.
  const checked = JSON.parse(execFileSync('npx', ['tsx', 'src/cli/sift.ts', 'spec-check', first], { encoding: 'utf8', cwd: root }));
  expect(checked.engines).toEqual({ duckdb: 'ok', spark: 'ok' });
  expect(checked.labelModel).toEqual({ method: 'snorkel', fitted: true });

  // Back into the app: the deleted LF returns, the unchanged one is recognised.
  await page.getByRole('link', { name: 'Sources' }).click();
  page.once('dialog', (dialog) => dialog.accept());
  await sourceRow(page, 'popular').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('source-row')).toHaveCount(1);
  await page.getByTestId('spec-import').setInputFiles(first);
  await expect(page.locator('.message.info').last()).toContainText('Imported 1 LF from first.json: popular. Already here: spam words.');
  await expect(sourceRow(page, 'popular')).toHaveAttribute('data-state', 'missing');
  await page.getByTestId('apply-stale').click();
  await expect(sourceRow(page, 'popular').getByTestId('source-state')).toHaveText('votes up to date');
  const again = await downloadSpec(page, testInfo.outputPath('again.json'));
  const rules = (s: { lfs: { name: string; condition: unknown; vote: number }[] }) => s.lfs.map(({ name, condition, vote }) => ({ name, condition, vote }));
  expect(rules(again as never)).toEqual(rules(spec as never));

  // A spec from a newer Sift is refused with both versions named, and nothing is added.
  const newer = testInfo.outputPath('newer.json');
  writeFileSync(newer, JSON.stringify({ ...spec, version: 2 }));
  await page.getByRole('link', { name: 'Sources' }).click();
  await page.getByTestId('spec-import').setInputFiles(newer);
  await expect(page.locator('.message.error').last()).toContainText('newer.json: The pipeline spec is version 2, newer than this Sift reads (up to 1)');
  await expect(page.getByTestId('source-row')).toHaveCount(2);
});
