// npm run bench -- profile [--rows N] [--fidelity-rows N] [--repeat R] [--runtime node|browser|both] [--phases profile,drift,fidelity] [--worker-cpu-profile PATH_PREFIX]
// Tables at scale, in Node (one fresh process per phase) and in a Chromium worker (one fresh worker per
// phase, bench/browser/profile.*): type inference + profile of a 1M-row, 30-column table; drift between
// its two 500k halves; fidelity of two 100k-row tables (all 435 pairs). Writes bench/results/profile.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { columnDrift, type Sample } from '../src/core/drift/report';
import { fidelityOfPrepared } from '../src/core/fidelity/report';
import { categoricalPair, numericPair, type ColumnPair } from '../src/core/fidelity/prepare';
import { inferColumnType } from '../src/core/table/infer';
import { profileColumn } from '../src/core/table/profile';
import { columnBytes, generateColumn, TABLE_COLUMNS } from './lib/tabular';
import type { MeteredResult } from './browser/profile';

/** `--name N` as a positive number (bench/lib/app.ts has the same, but it brings Playwright along). */
function argValue(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const SEED = 20261129;

function status(field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return Number(match![1]) * 1024;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Runs `work` with the kernel's peak-RSS mark reset first: returns its time and the peak's rise. */
function measure<T>(work: () => T): { ms: number; cpuMs: number; peakBytes: number; result: T } {
  gc();
  const baseline = status('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = work();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, peakBytes: Math.max(0, status('VmHWM') - baseline), result };
}

interface Phase {
  ms: number;
  /** CPU time of the timed work: on a machine shared with other jobs, the figure that wall time would be alone. */
  cpu_ms: number;
  peak_mb: number;
  input_mb: number;
  details: Record<string, unknown>;
}

const asText = (v: Float64Array | string[]) => (v instanceof Float64Array ? Array.from(v, String) : v);

/** Inference + profile, a column at a time (as the app's columnar chunks are): the cells arrive as text. */
function profilePhase(rows: number): Phase {
  let ms = 0;
  let cpu = 0;
  let peak = 0;
  let input = 0;
  let worstRatio = 0;
  const types: Record<string, string> = {};
  TABLE_COLUMNS.forEach((spec, i) => {
    const cells = asText(generateColumn(spec, i, rows, SEED));
    const bytes = columnBytes(cells);
    const m = measure(() => {
      const type = inferColumnType(cells);
      return { type, profile: profileColumn(spec.name, cells, type) };
    });
    if (m.result.type !== spec.kind) throw new Error(`${spec.name} was inferred as ${m.result.type}, generated as ${spec.kind}`);
    types[spec.name] = m.result.type;
    ms += m.ms;
    cpu += m.cpuMs;
    input += bytes;
    peak = Math.max(peak, m.peakBytes);
    worstRatio = Math.max(worstRatio, m.peakBytes / bytes);
  });
  return { ms, cpu_ms: cpu, peak_mb: peak / MB, input_mb: input / MB, details: { types, worst_peak_to_column_bytes: worstRatio } };
}

function sampleOfValues(values: Float64Array | string[]): Sample {
  return values instanceof Float64Array ? { kind: 'numeric', sorted: values.slice().sort() } : { kind: 'categorical', values };
}

/** Drift between the halves: each column's values are split, typed samples built (sort), then tested. */
function driftPhase(rows: number): Phase {
  let ms = 0;
  let cpu = 0;
  let peak = 0;
  let input = 0;
  let worstRatio = 0;
  const tests: Record<string, { test: string; statistic: number | null; drift: boolean }> = {};
  TABLE_COLUMNS.forEach((spec, i) => {
    const values = generateColumn(spec, i, rows, SEED);
    const bytes = columnBytes(values);
    const half = rows / 2;
    const m = measure(() => {
      const ref = sampleOfValues(values instanceof Float64Array ? values.subarray(0, half) : values.slice(0, half));
      const cur = sampleOfValues(values instanceof Float64Array ? values.subarray(half) : values.slice(half));
      return columnDrift(ref, cur);
    });
    tests[spec.name] = { test: m.result.test, statistic: m.result.statistic, drift: m.result.drift };
    ms += m.ms;
    cpu += m.cpuMs;
    input += bytes;
    peak = Math.max(peak, m.peakBytes);
    worstRatio = Math.max(worstRatio, m.peakBytes / bytes);
  });
  const drifted = Object.values(tests).filter((t) => t.drift).length;
  return { ms, cpu_ms: cpu, peak_mb: peak / MB, input_mb: input / MB, details: { share_drifted: drifted / TABLE_COLUMNS.length, worst_peak_to_column_bytes: worstRatio, columns: tests } };
}

/** Fidelity of two independently generated tables (seeds differ): every metric, 435 pairs, detection. */
function fidelityPhase(rows: number): Phase {
  const real = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, SEED));
  const synthetic = TABLE_COLUMNS.map((spec, i) => generateColumn(spec, i, rows, SEED + 1));
  const input = [...real, ...synthetic].reduce((s, v) => s + columnBytes(v), 0);
  const m = measure(() => {
    const columns: ColumnPair[] = TABLE_COLUMNS.map((spec, i) => {
      const r = real[i];
      const s = synthetic[i];
      return r instanceof Float64Array && s instanceof Float64Array ? numericPair(spec.name, r, s) : categoricalPair(spec.name, r as string[], s as string[]);
    });
    const timings: Record<string, number> = {};
    const started = performance.now();
    const report = fidelityOfPrepared({ columns, realRows: rows, syntheticRows: rows, skipped: [] });
    timings.report_ms = performance.now() - started;
    return { report, timings };
  });
  const r = m.result.report;
  return {
    ms: m.ms,
    cpu_ms: m.cpuMs,
    peak_mb: m.peakBytes / MB,
    input_mb: input / MB,
    details: {
      pairs: r.pairs.length + r.undefined_pairs.length,
      column_shapes: r.column_shapes,
      column_pair_trends: r.column_pair_trends,
      quality: r.quality,
      coverage: r.coverage.score,
      detection_auc: r.detection?.auc,
      detection_features: r.detection?.features,
      report_ms: m.result.timings.report_ms,
    },
  };
}

const phases = { profile: profilePhase, drift: driftPhase, fidelity: fidelityPhase } as const;
type PhaseName = keyof typeof phases;

function inChild(phase: PhaseName, rows: number): Phase {
  // argv[1] is the entry this process was started with (bench/run.ts under tsx, or a bundle of it).
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], 'profile', '--child', phase, '--rows', String(rows)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: String(64 * 1024) },
  });
  if (child.status !== 0) throw new Error(`${phase} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The same phases in a dedicated worker of a fresh Chromium (persistent profile), one worker per phase. */
async function browserPhases(rows: number, fidelityRows: number, targets: Record<PhaseName, number>, only: PhaseName[], nodeResults: Record<string, unknown>[], cpuProfile: string | null): Promise<{ results: Record<string, unknown>[] } & Record<string, unknown>> {
  // Playwright and Vite load only when the browser part runs.
  const { runBrowserPage, startDevServer } = await import('./lib/browser');
  const { url, server } = await startDevServer();
  try {
    const page = await runBrowserPage<{ userAgent: string; results: Record<PhaseName, MeteredResult> }>({
      url,
      page: 'profile.html',
      query: { rows: String(rows), fidelityRows: String(fidelityRows), seed: String(SEED), phases: only.join(',') },
      timeoutMs: 1_800_000,
      workerCpuProfile: cpuProfile ?? undefined,
    });
    const results = only.map((phase) => {
      const r = page.results[phase];
      const node = nodeResults.find((n) => n.phase === phase) as { cpu_ms: number } | undefined;
      const ratio = node ? r.cpu_ms / node.cpu_ms : null;
      console.error(`browser ${phase.padEnd(9)} ${r.ms.toFixed(0).padStart(6)} ms wall, ${r.cpu_ms.toFixed(0).padStart(6)} ms CPU (target ${targets[phase]})${ratio ? `, ${ratio.toFixed(2)}× Node's CPU` : ''}  renderer peak +${(r.peak_bytes / MB).toFixed(1)} MB over ${(r.peak_input_bytes / MB).toFixed(1)} MB of input  input ${(r.input_bytes / MB).toFixed(1)} MB`);
      return {
        phase,
        rows: phase === 'fidelity' ? fidelityRows : rows,
        ms: round(r.ms),
        cpu_ms: round(r.cpu_ms),
        cpu_to_node_cpu: ratio === null ? null : round(ratio, 2),
        target_ms: targets[phase],
        peak_mb: round(r.peak_bytes / MB),
        peak_input_mb: round(r.peak_input_bytes / MB),
        input_mb: round(r.input_bytes / MB),
        load_average_at_end: loadavg()[0],
        details: phase === 'fidelity' ? r.details : { ...r.details, cpu_ms_by_column: Object.fromEntries(TABLE_COLUMNS.map((c, i) => [c.name, r.cpu_ms_pieces[i]])) },
      };
    });
    return {
      runtime: `dedicated worker in Chromium (${page.userAgent}), one fresh worker per phase`,
      results,
      notes: "ms: wall time of the timed work inside the worker (generation not timed). cpu_ms: CPU time of every renderer thread (the worker, V8's GC helpers, the idle page) over the same work, from /proc/PID/task/TID/schedstat, read by the page around each timed piece; on a shared machine it is the estimate of the wall time alone. cpu_to_node_cpu: that over the Node phase's CPU in the same run. peak_mb: the largest rise of the renderer's peak RSS during one timed piece (a column, for profile and drift) over its RSS at the piece's start, generation left out; peak_input_mb: that piece's input.",
    };
  } finally {
    await server.close();
  }
}

type Output = { results: Record<string, unknown>[]; browser: { results: Record<string, unknown>[] } | null; previous?: unknown };

/**
 * Phases not run this time keep their earlier entries; the earlier entries of the phases that ran are
 * kept under `previous`, so a rerun of one phase shows what it changed.
 */
function mergeWithEarlier(path: string, output: Output, ran: PhaseName[]): Output {
  let earlier: Output;
  try {
    earlier = JSON.parse(readFileSync(path, 'utf8')) as Output;
  } catch {
    return output;
  }
  const rerun = (r: Record<string, unknown>) => ran.includes(r.phase as PhaseName);
  const keep = (mine: Record<string, unknown>[], theirs: Record<string, unknown>[] = []) => PHASE_ORDER.flatMap((p) => [...mine, ...theirs.filter((r) => !rerun(r))].filter((r) => r.phase === p));
  const results = keep(output.results, earlier.results);
  const browser = output.browser ?? earlier.browser;
  if (browser && output.browser) browser.results = keep(output.browser.results, earlier.browser?.results);
  const previous = { results: earlier.results.filter(rerun), browser: earlier.browser ? { ...earlier.browser, results: earlier.browser.results.filter(rerun) } : null };
  return { ...output, results, browser, previous };
}

const PHASE_ORDER: PhaseName[] = ['profile', 'drift', 'fidelity'];

export async function run(args: string[]): Promise<void> {
  const child = args.indexOf('--child');
  if (child >= 0) {
    const phase = args[child + 1] as PhaseName;
    process.stdout.write(JSON.stringify(phases[phase](argValue(args, '--rows', 0))) + '\n');
    return;
  }
  const rows = argValue(args, '--rows', 1_000_000);
  const fidelityRows = argValue(args, '--fidelity-rows', 100_000);
  const repeat = argValue(args, '--repeat', 1);
  const runtimeAt = args.indexOf('--runtime');
  const runtime = runtimeAt >= 0 ? args[runtimeAt + 1] : 'both';
  if (!['node', 'browser', 'both'].includes(runtime)) throw new Error('--runtime is node, browser or both');
  const phasesAt = args.indexOf('--phases');
  // A path prefix: the worker's CPU profiles go there (profiled runs are slower: not for the results).
  const cpuProfileAt = args.indexOf('--worker-cpu-profile');
  const only = (phasesAt >= 0 ? args[phasesAt + 1].split(',') : Object.keys(phases)) as PhaseName[];
  const unknown = only.filter((p) => !(p in phases));
  if (unknown.length > 0) throw new Error(`--phases: no phase ${unknown.join(', ')} (phases: ${Object.keys(phases).join(', ')})`);
  const targets: Record<PhaseName, number> = { profile: 10_000, drift: 10_000, fidelity: 30_000 };
  const results: Record<string, unknown>[] = [];
  for (const phase of runtime === 'browser' ? [] : only) {
    const phaseRows = phase === 'fidelity' ? fidelityRows : rows;
    const runs = Array.from({ length: repeat }, () => inChild(phase, phaseRows));
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const peak = Math.max(...runs.map((r) => r.peak_mb));
    results.push({
      phase,
      rows: phaseRows,
      ms: round(best.ms),
      cpu_ms: round(best.cpu_ms),
      target_ms: targets[phase],
      peak_mb: round(peak),
      input_mb: round(best.input_mb),
      ms_runs: runs.map((r) => round(r.ms)),
      load_average_at_end: loadavg()[0],
      details: best.details,
    });
    console.error(`${phase.padEnd(9)} ${phaseRows} rows  ${best.ms.toFixed(0).padStart(6)} ms wall, ${best.cpu_ms.toFixed(0).padStart(6)} ms CPU (target ${targets[phase]})  peak +${peak.toFixed(1)} MB  input ${best.input_mb.toFixed(1)} MB`);
  }
  const browser = runtime === 'node' ? null : await browserPhases(rows, fidelityRows, targets, only, results, cpuProfileAt >= 0 ? args[cpuProfileAt + 1] : null);
  const output = {
    table: { rows, columns: TABLE_COLUMNS.length, fidelity_rows: fidelityRows, seed: SEED, generator: 'bench/lib/tabular.ts' },
    runtime: 'node (one fresh process per phase; not a browser worker)',
    results,
    browser,
    notes: {
      profile: 'inferColumnType + profileColumn on each column\'s 1M text cells, one column at a time (cell generation not timed); peak is the largest rise over any one column',
      drift: 'per column: split into halves, typed samples (sorted copies for numbers), columnDrift with Evidently defaults (reference 500k > 1,000 → Wasserstein/std or Jensen-Shannon); summed over the 30 columns',
      fidelity: 'prepare (encode categories, sort numbers) + fidelityOfPrepared: shapes, 435 pair trends, tails, coverage, 5-fold logistic detection on 200k rows',
      cpu_ms: 'process CPU time (user + system) over the timed work; the work is single-threaded, so on a shared machine this is the estimate of the wall time alone',
      peak_mb: 'kernel peak-RSS rise (VmHWM after clear_refs) over the RSS just before the timed work; input_mb = the columns as the app stores them (8 B per number, UTF-8 text + 4 B offset per cell)',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; shared with other work`,
    },
  };
  const path = join(here, 'results', 'profile.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(mergeWithEarlier(path, output, only), null, 2) + '\n');
  console.error(`wrote ${path}`);
}
