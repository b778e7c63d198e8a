// npm run bench -- snapshot [--items N] [--sources M] [--runtime node|browser|both]: snapshots of a
// 1M-item × 20-source dataset through the app's src/data code, in Node (Dexie on fake-indexeddb, in memory)
// and in Chromium (Dexie on the browser's IndexedDB, on-disk profile); writes bench/results/snapshot.json.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserPage, startDevServer } from './lib/browser';
import { snapshotBench, type SnapshotBenchResult } from './lib/snapshot-bench';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (args: string[], name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

export async function run(args: string[]): Promise<void> {
  const n = Number(arg(args, 'items', '1000000'));
  const m = Number(arg(args, 'sources', '20'));
  const runtime = arg(args, 'runtime', 'both');
  const runs: Record<string, unknown> = {};
  if (runtime === 'node' || runtime === 'both') {
    console.log('node (fake-indexeddb):');
    runs.node = { runtime: `Node ${process.version}, Dexie on fake-indexeddb (an in-memory IndexedDB written in JS)`, ...(await snapshotBench(n, m, (line) => console.log(`  ${line}`))) };
  }
  if (runtime === 'browser' || runtime === 'both') {
    console.log('browser (Chromium IndexedDB, on-disk profile):');
    const { url, server } = await startDevServer();
    try {
      const page = await runBrowserPage<SnapshotBenchResult & { userAgent: string }>({ url, page: 'snapshot.html', query: { n: String(n), m: String(m) }, timeoutMs: 900_000 });
      runs.browser = { runtime: `Chromium page, Dexie on IndexedDB (persistent profile on disk): ${page.userAgent}`, dataset: page.dataset, results: page.results };
      console.log(JSON.stringify(page.results, null, 2));
    } finally {
      await server.close();
    }
  }
  const result = {
    name: 'snapshot',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memory_gb: Math.round(os.totalmem() / 2 ** 30), note: 'shared with other work while measured' },
    runs,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'snapshot.json'), JSON.stringify(result, null, 2) + '\n');
  if (runs.node) console.log(JSON.stringify((runs.node as SnapshotBenchResult).results, null, 2));
}
