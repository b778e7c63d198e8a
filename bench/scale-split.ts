// npm run bench -- scale-split [--input GLOB] [--rounds R] [--runs N]
// The keyword scan on the Node thread alone (--scan-threads 1) against split with a worker thread (2),
// interleaved so load hits both alike: (1) the vote pass (the COPY `sift run` does) in one process, two
// DuckDB instances, round robin (round 0 warms up), CPU and wall per round with the load average, and
// the staged votes of both compared (hash of every row's id and pattern key); (2) whole `sift run`
// processes alternately (bench/lib/scale-child.ts), phase times, and the labels files of the last two
// compared in every column (hash sums and EXCEPT ALL both ways). Writes bench/results/scale-split.json.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanSplit } from '../src/cli/sql/scan-split';
import { registerScanFunctions } from '../src/cli/sql/scan-udf';
import { compileVotes } from '../src/core/sql/compile';
import { duckdb } from '../src/core/sql/dialect';
import { keyedVotesQuery } from '../src/core/sql/queries';
import { argValue } from './lib/app';
import { CLASSES, ticketLfs, writeTicketSpec } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function one(connection: DuckDBConnection, sql: string): Promise<string> {
  return String((await connection.runAndReadAll(sql)).getRows()[0][0]);
}

export async function run(args: string[]): Promise<void> {
  const input = args.includes('--input') ? args[args.indexOf('--input') + 1] : '/tmp/s13f/d1m/*.parquet';
  const rounds = argValue(args, '--rounds', 6);
  const runs = argValue(args, '--runs', 4);
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-split-'));
  try {
    const lfs = ticketLfs();
    const compiled = compileVotes(lfs, { dialect: duckdb, keywordScan: true });
    const source = `read_parquet(${duckdb.string(input)}, filename = true, file_row_number = true, union_by_name = true)`;
    const sql = keyedVotesQuery(compiled, duckdb, source, ['id', 'filename', 'file_row_number'], CLASSES.length);
    const config = { preserve_insertion_order: 'false', threads: '2', memory_limit: '256MB' };
    const split = await ScanSplit.start(compiled.scans.map((s) => s.tests));
    const connections: Record<string, DuckDBConnection> = {};
    for (const threads of ['1', '2']) {
      connections[threads] = await (await DuckDBInstance.create(':memory:', config)).connect();
      registerScanFunctions(connections[threads], compiled, threads === '2' ? split : undefined);
    }
    const rows = Number(await one(connections['1'], `SELECT count(*) FROM read_parquet(${duckdb.string(input)})`));
    const votePass: { round: number; scan_threads: number; cpu_us_per_row: number; wall_us_per_row: number; load_average: number[] }[] = [];
    const sums: Record<string, string> = {};
    for (let r = 0; r <= rounds; r++) {
      for (const threads of r % 2 === 0 ? ['1', '2'] : ['2', '1']) {
        const out = join(work, `votes-${threads}.parquet`);
        const c = cpuMs();
        const w = performance.now();
        await connections[threads].run(`COPY (${sql}) TO ${duckdb.string(out)} (FORMAT parquet, COMPRESSION zstd)`);
        const entry = { round: r, scan_threads: Number(threads), cpu_us_per_row: round3(((cpuMs() - c) * 1000) / rows), wall_us_per_row: round3(((performance.now() - w) * 1000) / rows), load_average: load() };
        if (r > 0) votePass.push(entry);
        console.log(JSON.stringify(entry));
        sums[threads] = await one(connections[threads], `SELECT sum(hash(id, __sift_key)) FROM read_parquet(${duckdb.string(out)})`);
      }
    }
    if (sums['1'] !== sums['2']) throw new Error(`scale-split: the staged votes differ (${JSON.stringify(sums)})`);
    const splitStats = { ...split.stats };
    await split.close();
    for (const c of Object.values(connections)) c.closeSync();

    // Whole runs, each in a fresh process, alternately.
    const specPath = writeTicketSpec(work, lfs);
    const whole = [];
    for (let r = 0; r < runs; r++) {
      for (const threads of r % 2 === 0 ? ['1', '2'] : ['2', '1']) {
        const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'lib/scale-child.ts'), specPath, input, join(work, `labels-${threads}.parquet`), '2', '256MB', 'on', threads], { encoding: 'utf8', cwd: join(here, '..') });
        if (child.status !== 0) throw new Error(`sift run failed: ${child.stderr}`);
        const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
        const entry = {
          run: r,
          scan_threads: Number(threads),
          ms: Object.fromEntries(Object.entries(result.ms as Record<string, number>).map(([k, v]) => [k, Math.round(v)])),
          cpu_ms: Object.fromEntries(Object.entries(result.phaseCpuMs as Record<string, number>).map(([k, v]) => [k, Math.round(v)])),
          process_cpu_ms: Math.round(result.cpuMs),
          peak_rss_mb: Math.round(result.peakBytes / 1024 / 1024),
          scan_split: result.scanSplit ?? null,
          load_average: load(),
        };
        whole.push(entry);
        console.log(JSON.stringify(entry));
      }
    }
    const check = await (await DuckDBInstance.create(':memory:')).connect();
    const [a, b] = ['1', '2'].map((t) => duckdb.string(join(work, `labels-${t}.parquet`)));
    // Row count and one hash sum per column.
    const hashes = await Promise.all([a, b].map(async (f) => (await check.runAndReadAll(`SELECT count(*), sum(hash(COLUMNS(*))) FROM read_parquet(${f})`)).getRows()[0].map(String).join(' ')));
    const onlyIn1 = Number(await one(check, `SELECT count(*) FROM (SELECT * FROM read_parquet(${a}) EXCEPT ALL SELECT * FROM read_parquet(${b}))`));
    const onlyIn2 = Number(await one(check, `SELECT count(*) FROM (SELECT * FROM read_parquet(${b}) EXCEPT ALL SELECT * FROM read_parquet(${a}))`));
    check.closeSync();
    if (hashes[0] !== hashes[1] || onlyIn1 !== 0 || onlyIn2 !== 0) throw new Error(`scale-split: the labels files differ (${JSON.stringify({ hashes, onlyIn1, onlyIn2 })})`);

    const by = (threads: number, key: 'cpu_us_per_row' | 'wall_us_per_row') => votePass.filter((e) => e.scan_threads === threads).map((e) => e[key]);
    const rounds2 = votePass.filter((e) => e.scan_threads === 2);
    const wallLower = rounds2.filter((e) => e.wall_us_per_row < votePass.find((o) => o.round === e.round && o.scan_threads === 1)!.wall_us_per_row).length;
    const result = {
      input,
      rows,
      vote_pass: {
        rounds: votePass,
        median: { 1: { cpu_us_per_row: median(by(1, 'cpu_us_per_row')), wall_us_per_row: median(by(1, 'wall_us_per_row')) }, 2: { cpu_us_per_row: median(by(2, 'cpu_us_per_row')), wall_us_per_row: median(by(2, 'wall_us_per_row')) } },
        rounds_with_lower_wall_split: `${wallLower} of ${rounds2.length}`,
        split: splitStats,
        staged_votes_hash: sums,
      },
      whole_runs: whole,
      labels_files: { column_hashes: hashes, rows_only_in_1: onlyIn1, rows_only_in_2: onlyIn2 },
      machine: { cpus: cpus().length, model: cpus()[0]?.model, duckdb_threads: 2, duckdb_memory_limit: '256MB', note: 'shared 2-core machine: other work ran at the same time' },
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scale-split.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify({ vote_pass: result.vote_pass.median, lower_wall: result.vote_pass.rounds_with_lower_wall_split, labels_files: result.labels_files }, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
