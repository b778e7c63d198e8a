import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { expect, test } from './fixtures';
import { currentDatasetId, readColumnValues } from './lib/store';

test('exports carry the label model probabilities, its run, and the lineage of the labels', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });

  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  // The data file and its lineage sidecar download in either order.
  const downloads = [page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.csv')), page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.lineage.json'))];
  await page.getByTestId('export-start').click();
  const [csvDownload, lineageDownload] = await Promise.all(downloads);
  const lines = readFileSync(await csvDownload.path(), 'utf8').split('\r\n');
  // The model's columns, then one vote column per source (10 WRENCH LFs).
  expect(lines[0]).toMatch(/,label,label_source,labeled_at,split,model_label,model_confidence,p_HAM,p_SPAM,model_run,vote_keyword_my,(vote_\w+,){8}vote_\w+$/);
  const last = lines[1].split(',');
  const runAt = lines[0].split(',').indexOf('model_run');
  const [pHam, pSpam] = last.slice(runAt - 2, runAt).map(Number);
  expect(pHam + pSpam).toBeCloseTo(1, 5);
  expect(last[runAt]).toMatch(/^run-lm-/);
  const lineage = JSON.parse(readFileSync(await lineageDownload.path(), 'utf8'));
  expect(lineage.model_run.inputs).toHaveLength(10);
  expect(lineage.model_run.inputs[0]).toMatchObject({ name: 'keyword_my', kind: 'imported' });
  expect(lineage.human_labels.by.import).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-parquet').check();
  await page.getByTestId('export-lineage').uncheck();
  const parquetDownload = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const bytes = readFileSync(await (await parquetDownload).path());
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file: buffer });
  expect(rows).toHaveLength(1956);
  expect(typeof rows[0].p_SPAM).toBe('number');
  const meta = parquetMetadata(buffer);
  const stored = JSON.parse(meta.key_value_metadata!.find((kv) => kv.key === 'sift.lineage')!.value!);
  expect(stored.model_run.id).toBe(rows[0].model_run);
});

test('once the label model is calibrated, exports carry the calibrated probabilities and the lineage says so', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('try-wrench').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled', { timeout: 60_000 });
  const datasetId = await currentDatasetId(page);
  await page.getByRole('link', { name: 'Label model' }).click();
  await page.getByTestId('lm-run').click();
  await expect(page.getByTestId('lm-row')).toHaveCount(5, { timeout: 60_000 });
  await page.getByRole('link', { name: 'Calibration' }).click();
  const option = page.getByTestId('calibrate-output').locator('option', { hasText: 'Label model:' });
  const runId = (await option.getAttribute('value'))!;
  await page.getByTestId('calibrate-output').selectOption(runId);
  await page.getByTestId('calibrate').click();
  await expect(page.getByTestId('calibration-result')).toContainText('Label model:');

  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  const downloads = [page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.jsonl')), page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.lineage.json'))];
  await page.getByTestId('export-start').click();
  const [jsonlDownload, lineageDownload] = await Promise.all(downloads);
  const lineage = JSON.parse(readFileSync(await lineageDownload.path(), 'utf8'));
  expect(lineage.model_run).toMatchObject({ id: runId, probabilities: 'calibrated', calibration: { method: 'temperature', fitted_on: 'dev' } });
  const records = readFileSync(await jsonlDownload.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const exported = records.flatMap((r) => [r.model.probs.HAM, r.model.probs.SPAM]);
  const calibrated = await readColumnValues(page, datasetId, `calprobs:${runId}`);
  const raw = await readColumnValues(page, datasetId, `probs:${runId}`);
  expect(exported).toEqual(calibrated);
  expect(exported).not.toEqual(raw);
});
