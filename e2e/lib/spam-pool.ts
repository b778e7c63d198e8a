import { readFileSync } from 'node:fs';
import { csvFile, expect, importThroughWizard, type Page } from '../fixtures';
import { readStore, withStore } from './store';

const WRENCH = new URL('../../public/sample/wrench_youtube/', import.meta.url);

/**
 * The WRENCH youtube comments as a CSV the import wizard reads: the 370 valid + test comments keep
 * their gold label (ham/spam), the 1,586 train comments have none (the pool). Labelled rows come
 * first so the wizard's preview sees both label values.
 */
export function spamPoolCsv() {
  const rows: string[] = ['id,text,label'];
  const names = ['ham', 'spam'];
  for (const split of ['valid', 'test', 'train']) {
    const items = JSON.parse(readFileSync(new URL(`${split}.json`, WRENCH), 'utf8')) as Record<string, { label: number; data: { text: string } }>;
    for (const [id, item] of Object.entries(items)) {
      const text = `"${item.data.text.replace(/"/g, '""')}"`;
      rows.push(`${split}-${id},${text},${split === 'train' ? '' : names[item.label]}`);
    }
  }
  return csvFile('spam-pool.csv', rows.join('\n') + '\n');
}

/** Imports the pool, then draws a 250-item canary and a 120-item dev set from its labelled items. */
export async function loadSpamPool(page: Page): Promise<void> {
  await page.goto('/');
  await importThroughWizard(page, spamPoolCsv());
  await expect(page.getByTestId('labeled-count')).toHaveText('370 of 1,956 labeled');
  await page.getByRole('button', { name: 'Splits…' }).click();
  await page.getByTestId('canary-size').fill('250');
  await page.getByTestId('dev-size').fill('120');
  await page.getByTestId('split-apply').click();
  await expect(page.getByTestId('message-info')).toContainText('Canary: 250 items, dev: 120 items');
}

export async function openTab(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dataset sections' }).getByRole('link', { name: title }).click();
}

/** Counts records of one IndexedDB store, optionally those whose `kind` is `kind`. */
export async function countRecords(page: Page, store: string, kind?: string): Promise<number> {
  if (!kind) return withStore<number>(page, store, 'count');
  return (await readStore<{ kind?: string }>(page, store)).filter((r) => r.kind === kind).length;
}
