import { expect, loadSample, test, type Page } from './fixtures';
import { currentDatasetId, readColumnValues, readStore } from './lib/store';

async function runTeacher(page: Page, options: { model?: string; device?: 'auto' | 'wasm' | 'webgpu'; runtime?: 'onnx' | 'tfjs' } = {}) {
  await page.getByRole('link', { name: 'Teachers' }).click();
  if (options.model) await page.getByTestId('teacher-model').selectOption({ label: options.model });
  if (options.runtime) await page.getByTestId('teacher-runtime').selectOption(options.runtime);
  if (options.device) await page.getByTestId('teacher-device').selectOption(options.device);
  const before = await page.getByTestId('run-row').count();
  await page.getByTestId('run-teacher').click();
  await expect(page.getByTestId('run-row')).toHaveCount(before + 1, { timeout: 90_000 });
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

interface SourceRecord {
  id: string;
  datasetId: string;
  kind: string;
  version: string | null;
}

test('the built-in text teacher on WASM and on WebGPU (SwiftShader) stores the same probabilities', async ({ page }) => {
  await loadSample(page);
  const datasetId = await currentDatasetId(page);
  await runTeacher(page, { device: 'wasm' });
  await expect(page.getByTestId('run-device').first()).toContainText('WASM, as you chose');
  const source = (await readStore<SourceRecord>(page, 'sources')).find((s) => s.datasetId === datasetId && s.kind === 'teacher')!;
  expect(source.version).toMatch(/^[0-9a-f]{64}$/);
  const wasm = await readColumnValues(page, datasetId, `probs:${source.id}`);
  const wasmVotes = await readColumnValues(page, datasetId, `votes:${source.id}`);
  expect(wasm).toHaveLength(1956 * 2);

  await runTeacher(page, { device: 'webgpu' });
  await expect(page.getByTestId('run-device').first()).toContainText('WebGPU, as you chose');
  const webgpu = await readColumnValues(page, datasetId, `probs:${source.id}`);
  let maxDiff = 0;
  for (let i = 0; i < wasm.length; i++) maxDiff = Math.max(maxDiff, Math.abs(wasm[i] - webgpu[i]));
  console.log(`max |p_wasm - p_webgpu| over ${wasm.length} values: ${maxDiff.toExponential(2)}`);
  expect(maxDiff).toBeLessThan(1e-3);
  expect(await readColumnValues(page, datasetId, `votes:${source.id}`)).toEqual(wasmVotes);
});
