// npm run bench -- scale [--rows N] [--files F] [--sample S] [--threads T] [--memory-limit 256MB] [--sizes a,b] [--keyword-scan on|off|both] [--scan-threads 1|2|both] [--input DIR[,DIR]]
// Generated tickets as Parquet → `sift run --engine duckdb` → labels Parquet, at rows/4 and rows (is
// memory flat in rows?), each with the keyword tests by the keyword-scan function and by SQL alone
// (interleaved, so load hits both alike), with the scan on the Node thread alone or split with a worker
// thread (--scan-threads; default sift run's), plus the agreement of the votes with the app's LF engine on a sample.
// --input DIR,… runs one size per folder of tickets generated earlier (DIR/*.parquet, as writeTickets
// writes them) instead of generating: generating 10M rows takes longer than the run.
// Writes bench/results/scale.json (bench/README.md).
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCAN_THREADS } from '../src/cli/sql/duckdb-run';
import { applyLfs } from '../src/core/lf/compile';
import { argValue } from './lib/app';
import { CLASSES, ticketLfs, writeTicketSpec, writeTickets } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

interface ChildResult {
  rows: number;
  patterns: number;
  ms: { check: number; votes: number; fit: number; labels: number; total: number };
  phaseCpuMs: { check: number; votes: number; fit: number; labels: number; total: number };
  peakBytes: number;
  /** User + system CPU time of the whole process (DuckDB's threads included). */
  cpuMs: number;
  scanSplit?: unknown;
}

function runChild(specPath: string, input: string, out: string, threads: number, memoryLimit: string, keywordScan: boolean, scanThreads: 1 | 2): ChildResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'lib/scale-child.ts'), specPath, input, out, String(threads), memoryLimit, keywordScan ? 'on' : 'off', String(scanThreads)], { encoding: 'utf8', cwd: join(here, '..') });
  if (child.status !== 0) throw new Error(`sift run failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

/** Votes of the app's LF engine on the first `sample` rows of the first file vs the labels file's. */
async function agreement(file: string, labels: string, sample: number, lfs: ReturnType<typeof ticketLfs>) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const m = lfs.length;
  const texts = (await connection.runAndReadAll(`SELECT text FROM read_parquet('${file}', file_row_number = true) WHERE file_row_number < ${sample} ORDER BY file_row_number`)).getRows().map((r) => String(r[0]));
  const votesSql = (await connection.runAndReadAll(`SELECT ${lfs.map((_, j) => `v${j}`).join(', ')} FROM read_parquet('${labels}') WHERE filename = '${file}' AND file_row_number < ${sample} ORDER BY file_row_number`)).getRows();
  connection.closeSync();
  instance.closeSync();
  const started = performance.now();
  const votes = applyLfs(lfs, { text: texts, fields: {} }, { classCount: CLASSES.length, fields: [] });
  const appMs = performance.now() - started;
  let differing = 0;
  for (let i = 0; i < texts.length; i++) for (let j = 0; j < m; j++) if (Number(votesSql[i][j]) !== votes[i * m + j]) differing++;
  return { rows: texts.length, votes_compared: texts.length * m, votes_differing: differing, app_engine_rows_per_s: Math.round(texts.length / (appMs / 1000)) };
}

/** The Parquet files of an earlier writeTickets and their rows. */
async function generatedInput(dir: string): Promise<{ paths: string[]; rows: number }> {
  const paths = readdirSync(dir).filter((f) => f.endsWith('.parquet')).sort().map((f) => join(dir, f));
  if (paths.length === 0) throw new Error(`--input ${dir}: no .parquet files there`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM read_parquet([${paths.map((p) => `'${p}'`).join(', ')}])`)).getRows()[0][0]);
  connection.closeSync();
  instance.closeSync();
  return { paths, rows };
}

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 1_000_000);
  const files = argValue(args, '--files', 4);
  const sample = argValue(args, '--sample', 50_000);
  const threads = argValue(args, '--threads', 2);
  const memoryLimit = args.includes('--memory-limit') ? args[args.indexOf('--memory-limit') + 1] : '256MB';
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-'));
  try {
    const lfs = ticketLfs();
    const specPath = writeTicketSpec(work, lfs);
    const runs = [];
    const mode = args.includes('--keyword-scan') ? args[args.indexOf('--keyword-scan') + 1] : 'both';
    if (!['on', 'off', 'both'].includes(mode)) throw new Error(`--keyword-scan takes on, off or both, not ${mode}`);
    const modes = mode === 'both' ? [true, false] : [mode === 'on'];
    const threadsArg = args.includes('--scan-threads') ? args[args.indexOf('--scan-threads') + 1] : String(DEFAULT_SCAN_THREADS);
    if (!['1', '2', 'both'].includes(threadsArg)) throw new Error(`--scan-threads takes 1, 2 or both, not ${threadsArg}`);
    const scanThreadsList: (1 | 2)[] = threadsArg === 'both' ? [1, 2] : [Number(threadsArg) as 1 | 2];
    const variants = modes.flatMap((keywordScan) => (keywordScan ? scanThreadsList : [1 as const]).map((scanThreads) => ({ keywordScan, scanThreads })));
    const inputs = args.includes('--input') ? args[args.indexOf('--input') + 1].split(',') : [];
    const givens = await Promise.all(inputs.map(generatedInput));
    const sizes = inputs.length > 0 ? givens.map((g) => g.rows) : args.includes('--sizes') ? args[args.indexOf('--sizes') + 1].split(',').map(Number) : [Math.round(rows / 4), rows];
    for (const [s, n] of sizes.entries()) {
      const given = givens[s];
      const dir = given ? inputs[s] : join(work, `rows-${n}`);
      const started = performance.now();
      if (!given) mkdirSync(dir);
      const paths = given ? given.paths : await writeTickets(dir, n, files);
      const generateMs = given ? null : performance.now() - started;
      for (const { keywordScan, scanThreads } of variants) {
        const out = join(work, `labels-${n}.parquet`);
        const result = runChild(specPath, `${dir}/*.parquet`, out, threads, memoryLimit, keywordScan, scanThreads);
        console.log(`${n.toLocaleString('en-US')} rows, keyword tests by ${keywordScan ? `scan (${scanThreads} thread${scanThreads === 2 ? 's' : ''})` : 'SQL'}: ${Math.round(result.ms.total)} ms, ${Math.round(result.cpuMs)} ms CPU, peak ${(result.peakBytes / MB).toFixed(0)} MB`);
        runs.push({
          rows: n,
          keyword_tests: keywordScan ? 'keyword-scan function (Node)' : 'SQL substring tests',
          ...(keywordScan ? { scan_threads: scanThreads, scan_split: result.scanSplit ?? null } : {}),
          files: paths.length,
          generate_ms: generateMs === null ? 'reused (--input)' : Math.round(generateMs),
          patterns: result.patterns,
          ms: Object.fromEntries(Object.entries(result.ms).map(([k, v]) => [k, Math.round(v)])),
          cpu_ms: Object.fromEntries(Object.entries(result.phaseCpuMs).map(([k, v]) => [k, Math.round(v)])),
          load_average: loadavg().map((x) => Math.round(x * 100) / 100),
          rows_per_s: Math.round(n / (result.ms.total / 1000)),
          // Wall time on a machine shared with other work understates speed; CPU time is what the run itself used.
          cpu_s: Math.round(result.cpuMs) / 1000,
          rows_per_cpu_s: Math.round(n / (result.cpuMs / 1000)),
          peak_rss_mb: Math.round(result.peakBytes / MB),
          ...(n === Math.max(...sizes) ? { agreement: await agreement(paths[0], out, Math.min(sample, Math.ceil(n / paths.length)), lfs) } : {}),
        });
      }
      if (!given) rmSync(dir, { recursive: true, force: true });
    }
    const resultsPath = join(here, 'results/scale.json');
    // The run before this one stays next to it (one level deep), so a change is read against its predecessor.
    const previous = existsSync(resultsPath) ? (({ previous: _older, ...rest }) => rest)(JSON.parse(readFileSync(resultsPath, 'utf8'))) : undefined;
    const result = {
      data: { text_chars: '~200 (34 words)', lfs: lfs.length, classes: CLASSES.length, method: 'snorkel', generator: 'bench/lib/scale-data.ts' },
      machine: { cpus: cpus().length, model: cpus()[0]?.model, duckdb_threads: threads, duckdb_memory_limit: memoryLimit, note: 'shared 2-core machine: other work ran at the same time' },
      runs,
      previous,
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(resultsPath, JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
