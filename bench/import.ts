// Import benchmark (issue 2): Sift's chunked import path vs naive one-record-per-row IndexedDB, same
// browser, same on-disk profile, same file. Writes bench/results/import.json.
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argValue, persistentChromium, serveBuiltApp } from './lib/app';

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

/** N rows of id,text,label with ~200-character texts; no quotes or commas so the baseline can split lines. */
async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
  const write = (s: string) => {
    bytes += Buffer.byteLength(s);
    return out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write('id,text,label\n');
  let block = '';
  for (let i = 0; i < rows; i++) {
    let text = `item ${i}`;
    while (text.length < 200) text += ' ' + WORDS[next() % WORDS.length];
    block += `row-${i},${text},${next() % 2}\n`;
    if (block.length > 1 << 20) {
      await write(block);
      block = '';
    }
  }
  await write(block);
  await new Promise<void>((r) => out.end(r));
  return bytes;
}

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'sift-import-bench-'));
  const csvPath = join(dir, 'bench.csv');
  console.log(`generating ${rows.toLocaleString('en-US')} rows…`);
  const bytes = await writeCsv(csvPath, rows);
  const server = await serveBuiltApp();
  const browser = await persistentChromium();
  try {
    const page = await browser.context.newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps functions sent to page.evaluate in
    // a __name() helper that only exists in Node.
    await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.getByTestId('import-input').setInputFiles(csvPath);
    await page.getByTestId('label-column').selectOption('label');
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    console.log('importing through Sift…');
    const siftStart = Date.now();
    await page.getByTestId('start-import').click();
    await page.getByTestId('labeled-count').waitFor({ timeout: 30 * 60_000 });
    const siftMs = Date.now() - siftStart;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

    // Browsing at this size: jump through the whole virtual list while timing frames, then filter.
    const frames = await page.getByRole('listbox', { name: 'Items' }).evaluate(async (list) => {
      const gaps: number[] = [];
      let last = performance.now();
      for (let step = 0; step <= 200; step++) {
        list.scrollTop = (list.scrollHeight * step) / 200;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }
      gaps.sort((a, b) => a - b);
      return { max: gaps[gaps.length - 1], p95: gaps[Math.floor(gaps.length * 0.95)], median: gaps[Math.floor(gaps.length / 2)] };
    });
    const filterStart = Date.now();
    await page.getByTestId('filter-text').fill(`item ${rows - 1} `);
    await page.getByTestId('match-count').filter({ hasText: /^1 item$/ }).waitFor({ timeout: 120_000 });
    const firstFilterMs = Date.now() - filterStart;
    const secondStart = Date.now();
    await page.getByTestId('filter-text').fill('lorem ipsum dolor');
    await page.getByTestId('match-count').filter({ hasText: /^[\d,]+ items$/ }).waitFor({ timeout: 120_000 });
    const cachedFilterMs = Date.now() - secondStart;

    console.log('importing with one IndexedDB record per row…');
    await page.goto(`${server.url}/#/settings`);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'raw-bench-input';
      document.body.append(input);
    });
    await page.setInputFiles('#raw-bench-input', csvPath);
    const rawMs = await page.evaluate(async () => {
      const file = (document.getElementById('raw-bench-input') as HTMLInputElement).files![0];
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const open = indexedDB.open('raw-bench', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'id' });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const start = performance.now();
      const decoder = new TextDecoder();
      let pending = '';
      let header = true;
      const putBatch = (records: { id: string; text: string; label: string }[]) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction('rows', 'readwrite');
          const store = tx.objectStore('rows');
          for (const r of records) store.put(r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      const CHUNK = 4 * 1024 * 1024;
      for (let offset = 0; offset < file.size; offset += CHUNK) {
        const text = pending + decoder.decode(await file.slice(offset, offset + CHUNK).arrayBuffer(), { stream: true });
        const lines = text.split('\n');
        pending = lines.pop() ?? '';
        const records = [];
        for (const line of lines) {
          if (header) {
            header = false;
            continue;
          }
          const [id, body, label] = line.split(',');
          records.push({ id, text: body, label });
        }
        for (let i = 0; i < records.length; i += 1000) await putBatch(records.slice(i, i + 1000));
      }
      const elapsed = performance.now() - start;
      db.close();
      indexedDB.deleteDatabase('raw-bench');
      return elapsed;
    });

    const result = {
      rows,
      bytes,
      sift_ms: siftMs,
      raw_idb_ms: Math.round(rawMs),
      sift_rows_per_s: Math.round(rows / (siftMs / 1000)),
      raw_idb_rows_per_s: Math.round(rows / (rawMs / 1000)),
      ratio: Number((rawMs / siftMs).toFixed(2)),
      max_long_task_ms: longTasks.length ? Math.round(Math.max(...longTasks)) : 0,
      long_tasks_over_50ms: longTasks.length,
      scroll_frame_ms: { median: Math.round(frames.median), p95: Math.round(frames.p95), max: Math.round(frames.max) },
      first_filter_ms: firstFilterMs,
      cached_filter_ms: cachedFilterMs,
      notes:
        'Sift: click on Import until the dataset view shows, chunked columnar writes in a worker (8,192 rows per record). Baseline: same file, same page origin and on-disk profile, lines split by hand, one IndexedDB record per row in transactions of 1,000. Long tasks: main thread during the Sift import (PerformanceObserver longtask). Scroll: 200 jumps across the whole virtual list, one per animation frame, gap between frames. Filters: typing to count shown, first (loads texts into the query worker) and cached (includes the 200 ms typing debounce).',
      measured_at: new Date().toISOString(),
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/import.json', JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
