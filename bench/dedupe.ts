// npm run bench -- dedupe [--texts N] [--sample S] [--threshold J] [--runtime node|browser|both]
// Near-duplicate detection (MinHash LSH + exact Jaccard) on N seeded texts of ~200 characters in
// Node and in a Chromium worker, and a brute-force all-pairs check on the first S of them; writes
// bench/results/dedupe.json (a run of one runtime keeps the other's row from the file).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupeTexts } from '../src/core/curation/dedupe';
import { argValue } from './lib/app';
import { exactPairs } from './lib/exact-join';
import { syntheticTexts } from './lib/synthetic-texts';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const SEED = 20261129;
const BROWSER_NOTE =
  'the browser row: dedupeTexts on the same seeded texts in a dedicated worker of Debian Chromium (headless, fresh persistent profile), texts generated in the worker first and not timed; dedupe_ms is wall time inside the worker, cpu_ms the user + system CPU of the renderer process (page and worker threads) over the same span from /proc, peak_mb the renderer\'s peak RSS during the dedupe (VmHWM, reset after generation) less its RSS before the texts were generated, so it counts the texts, the garbage generating them left in the heap and the dedupe (an upper bound on what the texts and the dedupe need; renderer_mb gives the parts: V8 reuses the heap generation left free, so the rise during the dedupe alone can read near 0). On a shared machine compare cpu_ms, not wall, with the Node row, and read the load averages';

function status(field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return Number(match![1]) * 1024;
}

interface BrowserPage {
  userAgent: string;
  chars: number;
  cpu_seconds: number;
  peak_bytes: number;
  rss_before_texts: number;
  rss_with_texts: number;
  hwm_bytes: number;
  result: { ms: number; pairs: number; clusters: number; candidates: number; bands: number; rows: number };
}

/** The same texts deduplicated by the same core in a dedicated worker of a fresh Chromium (bench/browser/dedupe.*). */
async function browserRow(count: number, threshold: number): Promise<Record<string, unknown>> {
  // Playwright and Vite load only when the browser part runs.
  const { runBrowserPage, startDevServer } = await import('./lib/browser');
  const { url, server } = await startDevServer();
  try {
    const loadBefore = loadavg()[0];
    const page = await runBrowserPage<BrowserPage>({ url, page: 'dedupe.html', query: { texts: String(count), seed: String(SEED), threshold: String(threshold) }, timeoutMs: 1_800_000 });
    const r = page.result;
    console.log(`browser ${count} texts: ${(r.ms / 1000).toFixed(1)} s wall, ${page.cpu_seconds.toFixed(1)} s renderer CPU, ${r.pairs} pairs, ${r.clusters} clusters, renderer peak ${(page.hwm_bytes / MB).toFixed(0)} MB (${(page.rss_before_texts / MB).toFixed(0)} MB before the texts, ${(page.rss_with_texts / MB).toFixed(0)} MB with them)`);
    return {
      runtime: `dedicated worker in Chromium (${page.userAgent})`,
      texts: count,
      dedupe_ms: Math.round(r.ms),
      cpu_ms: Math.round(page.cpu_seconds * 1000),
      peak_mb: Math.round((page.hwm_bytes - page.rss_before_texts) / MB),
      renderer_mb: { before_texts: Math.round(page.rss_before_texts / MB), with_texts: Math.round(page.rss_with_texts / MB), peak_during_dedupe: Math.round(page.hwm_bytes / MB), rise_during_dedupe: Math.round(page.peak_bytes / MB) },
      pairs: r.pairs,
      clusters: r.clusters,
      candidates: r.candidates,
      bands: r.bands,
      rows: r.rows,
      load_average: { before: +loadBefore.toFixed(1), after: +loadavg()[0].toFixed(1) },
      target: { dedupe_ms: 60_000, peak_mb: 1024 },
    };
  } finally {
    await server.close();
  }
}

export async function run(args: string[]): Promise<void> {
  const count = argValue(args, '--texts', 1_000_000);
  const sampleSize = argValue(args, '--sample', 5000);
  const threshold = argValue(args, '--threshold', 0.8);
  const runtimeAt = args.indexOf('--runtime');
  const runtime = runtimeAt >= 0 ? args[runtimeAt + 1] : 'both';
  if (!['node', 'browser', 'both'].includes(runtime)) throw new Error('--runtime is node, browser or both');
  const path = join(here, 'results', 'dedupe.json');
  if (runtime === 'browser') {
    if (!existsSync(path)) throw new Error(`--runtime browser adds a row to ${path}: run the Node part first`);
    const output = JSON.parse(readFileSync(path, 'utf8'));
    const row = await browserRow(count, threshold);
    output.results = [...output.results.filter((r: { runtime: string }) => r.runtime === 'node'), row];
    output.notes.browser = BROWSER_NOTE;
    writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
    console.log(`wrote ${path}`);
    return;
  }

  const sample = syntheticTexts(sampleSize, SEED);
  let started = performance.now();
  const truth = exactPairs(sample, threshold);
  const bruteMs = performance.now() - started;
  started = performance.now();
  const found = dedupeTexts(sample, { threshold }).pairs.map(([a, b]) => `${a},${b}`);
  const sampleMs = performance.now() - started;
  const hits = found.filter((p) => truth.has(p)).length;
  console.log(`sample ${sampleSize}: ${truth.size} true pairs, ${found.length} found, recall ${(hits / truth.size).toFixed(4)}`);

  let texts: string[] | null = syntheticTexts(count, SEED);
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const baseline = status('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = dedupeTexts(texts, { threshold });
  const dedupeMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peak = status('VmHWM') - baseline;
  texts = null;
  console.log(`${count} texts: ${(dedupeMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${result.pairs.length} pairs, ${result.clusters.length} clusters, peak +${(peak / MB).toFixed(0)} MB`);

  const browser = runtime === 'both' ? await browserRow(count, threshold) : null;
  const output = {
    texts: { count, mean_chars: Math.round(chars / count), seed: SEED, generator: 'bench/lib/synthetic-texts.ts (5 % edited copies, 1 % case/space copies)' },
    threshold,
    results: [
      {
        runtime: 'node',
        texts: count,
        dedupe_ms: Math.round(dedupeMs),
        cpu_ms: Math.round(cpuMs),
        peak_mb: Math.round(peak / MB),
        pairs: result.pairs.length,
        clusters: result.clusters.length,
        candidates: result.candidates,
        bands: result.bands,
        rows: result.rows,
        load_average_after: +loadavg()[0].toFixed(1),
      },
      ...(browser ? [browser] : []),
    ],
    brute_force_check: {
      texts: sampleSize,
      true_pairs: truth.size,
      found_pairs: found.length,
      recall: +(hits / Math.max(truth.size, 1)).toFixed(4),
      precision: +(hits / Math.max(found.length, 1)).toFixed(4),
      exact_join_ms: Math.round(bruteMs),
      dedupe_ms: Math.round(sampleMs),
    },
    notes: {
      brute_force_check: 'every pair of the first `texts` with Jaccard ≥ threshold, found exactly by an all-pairs join with prefix filtering (bench/lib/exact-join.ts: same pairs as comparing all n²/2, each verified exactly), against the pairs dedupeTexts reports on the same texts',
      dedupe_ms: 'dedupeTexts on all texts in one Node process: normalise, group exact copies, one-permutation MinHash (128 bins, bands × rows from lshParams), banded buckets, exact Jaccard on every candidate, union-find',
      cpu_ms: 'user + system CPU time of the process over the same span; on a machine shared with other work, dedupe_ms (wall) can be several times this',
      peak_mb: 'rise of the process peak resident memory (VmHWM, reset just before) over its RSS then; the texts themselves are already resident and not counted',
      browser: BROWSER_NOTE,
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work`,
    },
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
