// Two-tab label sync (issue 14): how long a label made in tab A takes to show in tab B, both tabs of one
// Chromium on an on-disk profile, the built app. Writes bench/results/two-tabs.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argValue, persistentChromium, serveBuiltApp } from './lib/app';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export async function run(args: string[]): Promise<void> {
  const labels = argValue(args, '--labels', 20);
  const items = argValue(args, '--items', 2000);
  const app = await serveBuiltApp({ build: !args.includes('--no-build') });
  const browser = await persistentChromium();
  const dir = mkdtempSync(join(tmpdir(), 'sift-two-tabs-bench-'));
  try {
    const csv = join(dir, 'items.csv');
    writeFileSync(csv, 'text\n' + Array.from({ length: items }, (_, i) => `comment number ${i}`).join('\n') + '\n');
    const a = await browser.context.newPage();
    await a.goto(app.url);
    await a.getByTestId('import-input').setInputFiles(csv);
    await a.getByTestId('class-name-0').fill('ham');
    await a.getByTestId('class-name-1').fill('spam');
    await a.getByTestId('start-import').click();
    await a.getByTestId('labeled-count').waitFor({ timeout: 120_000 });
    const b = await browser.context.newPage();
    await b.goto(a.url());
    await b.getByTestId('labeled-count').waitFor({ timeout: 60_000 });
    // Tab B notes the wall-clock time of every change of its labeled count.
    await b.evaluate(() => {
      const seen: { text: string; at: number }[] = [];
      const count = document.querySelector('[data-testid="labeled-count"]')!;
      new MutationObserver(() => seen.push({ text: count.textContent ?? '', at: performance.timeOrigin + performance.now() })).observe(count, { childList: true, characterData: true, subtree: true });
      (window as unknown as { seen: typeof seen }).seen = seen;
    });
    await a.getByTestId('item-row').first().click();
    const latencies: number[] = [];
    for (let i = 0; i < labels; i++) {
      const expected = `${i + 1} of ${items.toLocaleString('en-US')} labeled`;
      // The key press is timed in tab A's page (same machine clock as tab B's).
      const pressedAt = await a.evaluate(() => {
        const at = performance.timeOrigin + performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true, cancelable: true }));
        return at;
      });
      await b.waitForFunction((text) => (window as unknown as { seen: { text: string }[] }).seen.some((s) => s.text === text), expected, { timeout: 10_000 });
      const shownAt = await b.evaluate((text) => (window as unknown as { seen: { text: string; at: number }[] }).seen.find((s) => s.text === text)!.at, expected);
      latencies.push(shownAt - pressedAt);
      await a.waitForTimeout(100);
    }
    const result = {
      items,
      labels,
      median_ms: Math.round(median(latencies) * 10) / 10,
      max_ms: Math.round(Math.max(...latencies) * 10) / 10,
      target_ms: 500,
      latencies_ms: latencies.map((ms) => Math.round(ms * 10) / 10),
      notes:
        'Tab A labels the current item with a key press (label written to IndexedDB in a compare-and-set transaction); tab B, on the same on-disk profile, follows the label log with Dexie liveQuery. Latency: from the key event in A to the mutation of B\'s "N labeled" count, both read from performance.timeOrigin + now(). Shared 2-core machine: other work running.',
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/two-tabs.json', JSON.stringify(result, null, 2) + '\n');
    console.log(`two-tab sync: median ${result.median_ms} ms, max ${result.max_ms} ms over ${labels} labels`);
  } finally {
    await browser.close();
    app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
