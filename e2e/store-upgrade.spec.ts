import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { readStore } from './lib/store';

/** A store as the previous release (store version 4) wrote it: records in their old shape, from a fixture file. */
const fixture = JSON.parse(readFileSync(new URL('./lib/store-v4.json', import.meta.url), 'utf8'));

test('a store written by the previous release opens after the upgrade with its labels, sources and runs; student weights move out of the run', async ({ page }) => {
  // A same-origin page that does not run the app, to lay down the old store first.
  await page.goto('/favicon.svg');
  await page.evaluate(
    (store) =>
      new Promise<void>((resolve, reject) => {
        const revive = (value: unknown): unknown => {
          if (Array.isArray(value)) return value.map(revive);
          if (!value || typeof value !== 'object') return value;
          const typed = value as { $typed?: string; values?: number[] };
          if (typed.$typed) return new (globalThis as unknown as Record<string, new (v: number[]) => unknown>)[typed.$typed](typed.values!);
          return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
        };
        // Dexie keeps a schema version × 10 in IndexedDB.
        const open = indexedDB.open('sift', store.version * 10);
        open.onupgradeneeded = () => {
          const db = open.result;
          for (const [name, key] of Object.entries(store.schema as Record<string, string | string[]>)) {
            const auto = key === '++seq';
            const os = db.createObjectStore(name, { keyPath: auto ? 'seq' : key, autoIncrement: auto });
            for (const [index, path] of Object.entries((store.indexes[name] ?? {}) as Record<string, string | string[]>)) os.createIndex(index, path);
          }
        };
        open.onsuccess = () => {
          const db = open.result;
          const names = Object.keys(store.tables);
          const tx = db.transaction(names, 'readwrite');
          for (const name of names) for (const record of store.tables[name]) tx.objectStore(name).put(revive(record));
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    fixture,
  );

  await page.goto('/');
  await page.getByText('Old comments').first().click();
  await expect(page.getByTestId('labeled-count')).toHaveText('3 of 6 labeled', { timeout: 30_000 });
  await page.getByRole('link', { name: 'Sources' }).click();
  await expect(page.locator('[data-testid="source-row"][data-name="spam words"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="source-row"][data-name="spam words"] .definition')).toContainText('check');
  await page.getByRole('link', { name: 'Students' }).click();
  await expect(page.getByTestId('student-run')).toHaveCount(1);
  await expect(page.getByTestId('student-run').getByRole('heading')).toHaveText('old student');

  // The weights left the run's results for their own table, byte for byte.
  const runs = await readStore<{ id: string; results: Record<string, unknown> }>(page, 'runs');
  const student = runs.find((r) => r.id === 'run-student-old')!;
  expect(student.results.model).toBeUndefined();
  expect(student.results.hasWeights).toBe(true);
  expect(runs.find((r) => r.id === 'run-lm-old')?.results).toMatchObject({ chosen: 'mv' });
  const weights = await readStore<{ runId: string; weights: number[]; modelJson: string }>(page, 'runWeights');
  expect(weights).toEqual([{ runId: 'run-student-old', datasetId: 'ds-old', modelJson: fixture.tables.runs[1].results.model.modelJson, weights: [7, 7, 7, 7] }]);
});
