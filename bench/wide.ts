// npm run bench -- wide [--rows N] [--columns C]: a 1,000-row × 20,000-column CSV imported in a browser
// worker through the app's functions (preview + type inference, parse + store in IndexedDB, profile,
// the fidelity report of dev against train with sampled pair trends, drift of train against dev):
// wall and CPU time per step, the renderer's peak memory, and the store's size. Writes
// bench/results/wide.json with the machine's load.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WideResult } from './browser/wide.worker';
import { argValue } from './lib/app';

const MB = 1024 * 1024;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 1000);
  const columns = argValue(args, '--columns', 20_000);
  const loadAtStart = loadavg();
  const { runBrowserPage, startDevServer } = await import('./lib/browser');
  const { url, server } = await startDevServer();
  let page: { userAgent: string; results: Record<string, WideResult & { cpu_ms: number; peak_bytes: number }> };
  try {
    page = await runBrowserPage({ url, page: 'wide.html', query: { rows: String(rows), columns: String(columns) }, timeoutMs: 1_800_000 });
  } finally {
    await server.close();
  }
  const steps = Object.entries(page.results).map(([step, r]) => {
    console.error(`${step.padEnd(8)} ${(r.ms / 1000).toFixed(1).padStart(6)} s wall  ${(r.cpu_ms / 1000).toFixed(1).padStart(6)} s CPU  peak +${(r.peak_bytes / MB).toFixed(0)} MB  ${JSON.stringify(r.details)}`);
    return { step, wall_ms: round(r.ms), cpu_ms: round(r.cpu_ms), peak_mb: round(r.peak_bytes / MB), details: r.details };
  });
  const output = {
    benchmark: 'wide',
    rows,
    columns,
    cells: rows * columns,
    machine: { cpus: cpus().length, model: cpus()[0]?.model },
    load_average_at_start: loadAtStart.map((x) => round(x, 2)),
    load_average_at_end: loadavg().map((x) => round(x, 2)),
    runtime: `one dedicated worker in Chromium (${page.userAgent}), persistent on-disk profile`,
    steps,
    notes: [
      'generate builds the CSV in the worker (not part of the import); preview is what the wizard waits for (first rows read, every column typed); import streams the whole file, parses it and commits each chunk to IndexedDB; profile reads every chunk once and profiles every column; fidelity draws splits from the pool (canary 10 %, dev 45 %, train 45 %) and computes the report of dev against train as the Fidelity tab does (pair trends from a seeded sample of 20,000 of the ~200M column pairs, detection on 128 hashed features); drift tests every column of train against dev as the Drift tab does.',
      'cpu_ms sums user + system time of every Chromium process whose command line names this run\'s profile (renderer with its workers, browser process); on a loaded machine wall time is mostly waiting for a core, so compare cpu_ms, and wall times only within one run.',
      'peak_mb is the renderer process\'s peak-RSS rise over the step (the kernel\'s high-water mark); store_bytes is the rise of navigator.storage.estimate().usage over the import.',
    ],
  };
  const path = join(dirname(fileURLToPath(import.meta.url)), 'results', 'wide.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.error(`wrote ${path}`);
}
