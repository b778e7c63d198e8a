import { expect, loadSample, test } from './fixtures';
import { currentDatasetId, readStore } from './lib/store';

interface RunRecord {
  datasetId: string;
  kind: string;
  status: string;
  results: { firstPrediction?: { ms: number; runtimeMs: number; runtimeWasReady: boolean | null } | null };
}

// A return visit: the same browser context, the page reloaded, so every worker starts afresh.
test('on a return visit the model runtime warms while the dataset is open, and a teacher run records its first prediction', async ({ page }) => {
  test.setTimeout(420_000);
  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await page.reload();
  await expect(page.getByTestId('labeled-count')).toHaveText('1,956 of 1,956 labeled', { timeout: 60_000 });

  await page.getByRole('link', { name: 'Teachers' }).click();
  // Announced politely to screen readers as it changes.
  const status = page.getByRole('status').filter({ hasText: 'Model runtime' });
  await expect(status).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(status).toContainText(/Model runtime \(onnxruntime WASM\): ready, started in \d+\.\d s/);

  await page.getByTestId('teacher-device').selectOption('wasm');
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row')).toHaveCount(1, { timeout: 240_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const shown = page.getByTestId('run-first-prediction');
  await expect(shown).toContainText(/^First prediction \d+\.\d+ s after Run \(model runtime already running\)$/);
  await expect(shown).toHaveAttribute('data-runtime-ready', 'true');
  const run = (await readStore<RunRecord>(page, 'runs')).find((r) => r.datasetId === datasetId && r.status === 'done')!;
  const first = run.results.firstPrediction!;
  expect(first.runtimeWasReady).toBe(true);
  expect(first.ms).toBeGreaterThanOrEqual(0);
  expect(first.runtimeMs).toBeGreaterThanOrEqual(0);
  expect(first.runtimeMs).toBeLessThanOrEqual(first.ms);
  expect(Number(await shown.getAttribute('data-ms'))).toBe(Math.round(first.ms));
});
