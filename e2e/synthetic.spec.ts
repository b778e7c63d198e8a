import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';

/** Each item's split and synthetic batch number, read straight from IndexedDB (0 = train / real). */
async function splitsAndMarks(page: Page): Promise<{ split: number[]; synthetic: number[] }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sift');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(['columns', 'datasets'], 'readonly').objectStore('columns').getAll();
          request.onsuccess = () => {
            db.close();
            const out: Record<string, number[]> = { split: [], synthetic: [] };
            const rows = request.result as { name: string; chunk: number; data: Uint8Array }[];
            for (const name of ['split', 'synthetic']) {
              for (const c of rows.filter((r) => r.name === name).sort((a, b) => a.chunk - b.chunk)) out[name].push(...c.data);
            }
            resolve(out as { split: number[]; synthetic: number[] });
          };
        };
      }),
  );
}

test('wine: an exemplar batch gets a fidelity report, enters training once accepted, stays synthetic and out of dev/canary', async ({ page }) => {
  // A long flow (import, two batches with 5-fold detection each, a re-draw, a report) on a loaded 2-core machine.
  test.setTimeout(600_000);
  await page.goto('/');
  // The table sample: wine.csv imported as a table, labelled by cultivar.
  await page.getByTestId('try-table').click();
  await expect(page.getByTestId('labeled-count')).toHaveText('178 of 178 labeled', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('30');
  await page.getByTestId('dev-size').fill('30');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info').last()).toContainText('Canary: 30 items, dev: 30 items');

  await page.getByRole('link', { name: 'Synthetic' }).click();
  const counts = page.getByTestId('class-counts');
  await expect(counts).toContainText('cultivar_2');
  await expect(page.getByTestId('no-batches')).toBeVisible();
  // Loose criteria first: this batch should pass and be accepted plainly.
  await page.getByTestId('criteria-quality').fill('0.5');
  await page.getByTestId('criteria-auc').fill('0.99');
  await page.getByTestId('criteria-save').click();
  await expect(page.getByTestId('message-info').last()).toHaveText(/Acceptance criteria saved/);

  await page.getByTestId('synthetic-class').selectOption({ label: 'cultivar_2' });
  await page.getByTestId('synthetic-count').fill('20');
  await page.getByTestId('synthetic-generate').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(1, { timeout: 120_000 });
  await expect(page.getByTestId('labeled-count')).toHaveText('198 of 198 labeled');
  const report = page.getByTestId('batch-report');
  await expect(report.getByTestId('fidelity-quality')).toHaveText(/^0\.\d{3}$/);
  await expect(report.getByTestId('fidelity-auc')).toHaveText(/^\d\.\d{3}$/);
  await expect(report.getByTestId('fidelity-folds')).toContainText('Folds:');
  await expect(report.getByTestId('fidelity-columns')).toContainText('flavanoids');
  await expect(report.getByTestId('fidelity-heatmap')).toBeVisible();
  const row = page.getByTestId('batch-row').first();
  await expect(row.getByTestId('batch-criteria')).toHaveText('pass');
  await expect(row.getByTestId('batch-status')).toHaveText('not in training');
  await report.getByTestId('batch-accept').click();
  await expect(row.getByTestId('batch-status')).toHaveText('accepted, in training');
  // Train on the exemplars (in place of cultivar_2's real rows) vs on real rows, both tested on the 30 canary items.
  await report.getByTestId('tstr-run').click();
  await expect(report.getByTestId('tstr-table')).toContainText('30 labeled canary items', { timeout: 60_000 });
  await expect(report.getByTestId('tstr-real').getByTestId('score-accuracy')).toHaveText(/^[01]\.\d{3}$/);
  await expect(report.getByTestId('tstr-synthetic').getByTestId('score-class-f1')).toHaveText(/^[01]\.\d{3}$/);

  // Strict criteria: a second batch (copula) fails them and enters training only by a recorded override.
  await page.getByTestId('criteria-quality').fill('0.999');
  await page.getByTestId('criteria-save').click();
  await expect(row.getByTestId('batch-criteria')).toContainText('fail: quality');
  await page.getByTestId('synthetic-method').selectOption('copula');
  await page.getByTestId('synthetic-count').fill('10');
  await page.getByTestId('synthetic-generate').click();
  await expect(page.getByTestId('batch-row')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('labeled-count')).toHaveText('208 of 208 labeled');
  const second = page.getByTestId('batch-row').first();
  await expect(second.getByTestId('batch-status')).toHaveText('not in training');
  await expect(page.getByTestId('batch-accept')).toHaveCount(0);
  await expect(page.getByTestId('batch-override')).toBeDisabled();
  await page.getByTestId('batch-override-reason').fill('checked the rows by hand');
  await page.getByTestId('batch-override').click();
  await expect(second.getByTestId('batch-status')).toHaveText('in training by override: checked the rows by hand');
  // The canary with both batches in training (weighted) against without them.
  await page.getByTestId('help-run').click();
  await expect(page.getByTestId('help-table')).toContainText('batches in training: 1, 2', { timeout: 60_000 });
  await expect(page.getByTestId('help-with').getByTestId('score-macro-f1')).toHaveText(/^[01]\.\d{3}$/);
  await expect(page.getByTestId('help-change')).toHaveText(/change[+−]\d\.\d{3}[+−]\d\.\d{3}/);

  // Marked synthetic, in train only; a new draw of larger dev and canary sets still takes real items only.
  await page.getByRole('link', { name: 'Items' }).click();
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('80');
  await page.getByTestId('dev-size').fill('90');
  await page.getByTestId('split-apply').click();
  await expect(page.getByRole('alert').filter({ hasText: 'replaces the current canary set' })).toBeVisible();
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info').last()).toContainText('Canary: 80 items, dev: 90 items');
  const stored = await splitsAndMarks(page);
  expect(stored.synthetic).toHaveLength(208);
  expect(stored.synthetic.slice(0, 178).every((m) => m === 0)).toBe(true);
  expect(stored.synthetic.slice(178, 198).every((m) => m === 1)).toBe(true);
  expect(stored.synthetic.slice(198).every((m) => m === 2)).toBe(true);
  expect(stored.split.slice(178).every((s) => s === 0)).toBe(true);
  expect(stored.split.filter((s) => s !== 0)).toHaveLength(170);

  // The Fidelity tab compares any two sets: here all synthetic items against the real train items of their class.
  await page.getByRole('link', { name: 'Fidelity' }).click();
  await page.getByTestId('fidelity-set-a').selectOption('split:train');
  await page.getByTestId('fidelity-class-a').selectOption({ label: 'cultivar_2' });
  await page.getByTestId('fidelity-set-b').selectOption('synthetic');
  await page.getByTestId('fidelity-compute').click();
  await expect(page.getByTestId('fidelity-title')).toHaveText('all synthetic items against train (real items), cultivar_2');
  await expect(page.getByTestId('fidelity-report').getByTestId('fidelity-quality')).toHaveText(/^0\.\d{3}$/);
  // Set A has one class, set B every class: the class column is compared too.
  await expect(page.getByTestId('fidelity-columns')).toContainText('label');

  // An export marks each exemplar: synthetic, its batch and its training weight (cultivar_2: 48 real + 30 accepted exemplars, each 48/78).
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-jsonl').check();
  const download = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.jsonl'));
  await page.getByTestId('export-start').click();
  const records = readFileSync(await (await download).path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(records).toHaveLength(208);
  const weight = Math.round((48 / 78) * 1e6) / 1e6;
  expect(records.slice(0, 178).every((r) => r.synthetic === false && r.synthetic_batch === null)).toBe(true);
  expect(records.slice(0, 178).filter((r) => r.label === 'cultivar_2').every((r) => r.training_weight === weight)).toBe(true);
  expect(records.slice(0, 178).filter((r) => r.label !== 'cultivar_2').every((r) => r.training_weight === 1)).toBe(true);
  expect(records.slice(178, 198).every((r) => r.synthetic === true && r.synthetic_batch === 1 && r.training_weight === weight && r.label === 'cultivar_2' && r.split === 'train')).toBe(true);
  expect(records.slice(198).every((r) => r.synthetic === true && r.synthetic_batch === 2 && r.training_weight === weight)).toBe(true);
});
