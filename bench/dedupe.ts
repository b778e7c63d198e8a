// npm run bench -- dedupe [--texts N] [--sample S] [--threshold J] [--runtime node|browser|both]
// Near-duplicate detection (MinHash LSH + exact Jaccard, two streaming passes) on N seeded texts of
// ~200 characters in Node and in a Chromium worker, both generating the texts chunk by chunk for each
// pass, and a brute-force all-pairs check on the first S of them; writes bench/results/dedupe.json (a
// run of one runtime keeps the other's row from the file).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupeTextChunks, dedupeTexts } from '../src/core/curation/dedupe';
import { dedupeTextsInMemory } from '../src/core/curation/dedupe-reference';
import { argValue } from './lib/app';
import { exactPairs } from './lib/exact-join';
import { syntheticTextChunks, syntheticTexts } from './lib/synthetic-texts';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const SEED = 20261129;
const CHUNK = 8192;
const BROWSER_NOTE =
  "the browser row: dedupeTextChunks in a dedicated worker of Debian Chromium (headless, fresh persistent profile) that generates the same seeded texts chunk by chunk (8,192) for each of the two passes, as the app reads its chunks from IndexedDB twice; dedupe_ms is wall time inside the worker, cpu_ms the user + system CPU of the renderer process (page and worker threads) over the same span from /proc, generation included; peak_mb the renderer's peak RSS over the run (VmHWM, reset just before) less its RSS before, so it counts everything the dedupe needed, the texts being generated included; generation gives one generation pass alone, run afterwards (the dedupe generates twice). On a shared machine compare cpu_ms, not wall, with the Node row, and read the load averages"

function status(field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return Number(match![1]) * 1024;
}

interface BrowserPage {
  userAgent: string;
  chars: number;
  cpu_seconds: number;
  rss_before: number;
  hwm_bytes: number;
  generation: { ms: number; cpu_seconds: number };
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
    console.log(`browser ${count} texts: ${(r.ms / 1000).toFixed(1)} s wall, ${page.cpu_seconds.toFixed(1)} s renderer CPU, ${r.pairs} pairs, ${r.clusters} clusters, renderer peak ${(page.hwm_bytes / MB).toFixed(0)} MB (${(page.rss_before / MB).toFixed(0)} MB before); one generation pass ${page.generation.cpu_seconds.toFixed(1)} s CPU`);
    return {
      runtime: `dedicated worker in Chromium (${page.userAgent})`,
      texts: count,
      dedupe_ms: Math.round(r.ms),
      cpu_ms: Math.round(page.cpu_seconds * 1000),
      peak_mb: Math.round((page.hwm_bytes - page.rss_before) / MB),
      renderer_mb: { before: Math.round(page.rss_before / MB), peak: Math.round(page.hwm_bytes / MB) },
      generation_pass: { ms: Math.round(page.generation.ms), cpu_ms: Math.round(page.generation.cpu_seconds * 1000) },
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

  // The large run first, in a fresh process, so its peak is measured over the process as it started.
  const baseline = status('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  let started = performance.now();
  let cpuBefore = process.cpuUsage();
  const loadBefore = +loadavg()[0].toFixed(1);
  const result = await dedupeTextChunks(count, () => syntheticTextChunks(count, SEED, CHUNK), { threshold });
  const dedupeMs = performance.now() - started;
  let cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peak = status('VmHWM') - baseline;
  console.log(`${count} texts: ${(dedupeMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${result.pairs.length} pairs, ${result.clusters.length} clusters, peak +${(peak / MB).toFixed(0)} MB`);

  const sample = syntheticTexts(sampleSize, SEED);
  started = performance.now();
  const truth = exactPairs(sample, threshold);
  const bruteMs = performance.now() - started;
  started = performance.now();
  const sampleResult = dedupeTexts(sample, { threshold });
  const found = sampleResult.pairs.map(([a, b]) => `${a},${b}`);
  const sampleMs = performance.now() - started;
  const hits = found.filter((p) => truth.has(p)).length;
  const reference = dedupeTextsInMemory(sample, { threshold });
  const sameAsReference = JSON.stringify([reference.pairs, reference.clusters]) === JSON.stringify([sampleResult.pairs, sampleResult.clusters]);
  console.log(`sample ${sampleSize}: ${truth.size} true pairs, ${found.length} found, recall ${(hits / truth.size).toFixed(4)}, same as the in-memory reference: ${sameAsReference}`);

  // One generation pass alone: its share of the dedupe's time (which generates twice).
  started = performance.now();
  cpuBefore = process.cpuUsage();
  let chars = 0;
  for (const chunk of syntheticTextChunks(count, SEED, CHUNK)) for (const t of chunk) chars += t.length;
  cpu = process.cpuUsage(cpuBefore);
  const generation = { ms: Math.round(performance.now() - started), cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
  console.log(`one generation pass: ${(generation.cpu_ms / 1000).toFixed(1)} s CPU`);

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
        generation_pass: generation,
        pairs: result.pairs.length,
        clusters: result.clusters.length,
        candidates: result.candidates,
        bands: result.bands,
        rows: result.rows,
        load_average: { before: loadBefore, after: +loadavg()[0].toFixed(1) },
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
      same_as_in_memory_reference: sameAsReference,
    },
    notes: {
      brute_force_check: 'every pair of the first `texts` with Jaccard ≥ threshold, found exactly by an all-pairs join with prefix filtering (bench/lib/exact-join.ts: same pairs as comparing all n²/2, each verified exactly), against the pairs dedupeTexts reports on the same texts',
      dedupe_ms: 'dedupeTextChunks on all texts in one Node process, the texts generated chunk by chunk (8,192) for each of its two passes and never all held: pass 1 normalises, hashes each text (exact copies share a hash) and keeps the MinHash band keys (one-permutation MinHash, 128 bins, bands × rows from lshParams); candidate pairs from sorting each band; pass 2 keeps the texts of candidates between their partners, exact Jaccard on every candidate, union-find. Generation is included; generation_pass is one pass of it alone',
      cpu_ms: 'user + system CPU time of the process over the same span; on a machine shared with other work, dedupe_ms (wall) can be several times this',
      peak_mb: 'rise of the process peak resident memory (VmHWM, reset just before) over its RSS then: everything the dedupe needed, the texts being generated included',
      same_as_in_memory_reference: 'the streaming dedupe gives the same pairs and clusters on the sample as the first, in-memory implementation (src/core/curation/dedupe-reference.ts)',
      browser: BROWSER_NOTE,
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work`,
    },
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
