// npm run bench -- lf-preview [--items N] [--repeat R]
// The LF editor's live preview on N synthetic items (default 100,000) in Chromium, through the app's
// preview worker (workers/lf-preview.worker.ts); writes bench/results/lf-preview.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_EXAMPLES, PREVIEW_SAMPLE } from '../workers/lf-preview/preview';
import { argValue } from './lib/app';
import { runBrowserPage, startDevServer } from './lib/browser';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 20261129;
const round = (x: number) => Math.round(x * 10) / 10;

function rounded(value: unknown): unknown {
  if (typeof value === 'number') return round(value);
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

export async function run(args: string[]): Promise<void> {
  const items = argValue(args, '--items', 100_000);
  const repeat = argValue(args, '--repeat', 7);
  const load = loadavg()[0];
  const { url, server } = await startDevServer();
  let result!: Record<string, unknown> & { userAgent: string };
  try {
    // On a loaded machine the dev server's first transform of the page's modules can outlast the
    // harness's page-load timeout; a second try finds them transformed.
    for (let attempt = 1; ; attempt++) {
      try {
        result = await runBrowserPage({ url, page: 'lf-preview.html', query: { n: String(items), repeat: String(repeat), seed: String(SEED) }, timeoutMs: 600_000 });
        break;
      } catch (error) {
        if (attempt >= 3 || !(error instanceof Error) || error.name !== 'TimeoutError') throw error;
        console.error(`page load timed out (attempt ${attempt}); retrying`);
      }
    }
  } finally {
    await server.close();
  }
  const { userAgent, ...measured } = result;
  const output = {
    dataset: { items, dev_share: 0.1, canary_share: 0.05, text_chars: 120, seed: SEED },
    ...(rounded(measured) as object),
    notes: {
      what: `one preview = validate + compile the LF, run it over dev + a seeded sample (up to ${PREVIEW_SAMPLE.toLocaleString('en-US')} items, canary left out), collect coverage, votes per class, dev accuracy and ${PREVIEW_EXAMPLES} example hits`,
      cold: 'first request of the page: the worker starts and reads every chunk of the dataset from IndexedDB (load_ms), then runs the LF (lf_ms, which also folds the text once for keyword LFs)',
      warm: `each condition asked ${repeat} times in a row; wall = page-side round trip through WorkerClient, worker = time inside the worker`,
      typing: 'the editor\'s behaviour replayed: a key every 125 ms, each key cancels the pending request and restarts the debounce; last_key_to_result = last key press until the answer reaches the page (target: 300 ms)',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${load.toFixed(1)} when started (the machine is shared), ${userAgent}`,
    },
  };
  const path = join(here, 'results', 'lf-preview.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.error(JSON.stringify(output, null, 2));
  console.error(`wrote ${path}`);
}
