// npm run bench -- scale-settings [--rows N] [--rounds R]
// Settings of `sift run --engine duckdb` beside its queries: DuckDB threads (1 vs 2) for the vote pass
// with the keyword-scan function, and the staged votes file's Parquet compression (write and read
// back). Variants run round robin over the same generated tickets (round 0 warms up); each figure is
// the process's CPU time (and wall time) per row. Writes bench/results/scale-settings.json.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerScanFunctions } from '../src/cli/sql/scan-udf';
import { compileVotes } from '../src/core/sql/compile';
import { duckdb } from '../src/core/sql/dialect';
import { keyedVotesQuery } from '../src/core/sql/queries';
import { argValue } from './lib/app';
import { ticketLfs, writeTickets } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 200_000);
  const rounds = argValue(args, '--rounds', 3);
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-settings-'));
  const opened: { close(): void }[] = [];
  try {
    const files = await writeTickets(work, rows, 2);
    const source = `read_parquet([${files.map((f) => duckdb.string(f)).join(', ')}], filename = true, file_row_number = true)`;
    // As `sift run` sets it up: one instance per thread count, the scan functions registered on each.
    const votesOn = async (threads: number) => {
      const instance = await DuckDBInstance.create(':memory:', { threads: String(threads), preserve_insertion_order: 'false', memory_limit: '256MB' });
      const connection = await instance.connect();
      opened.push({ close: () => (connection.closeSync(), instance.closeSync()) });
      const compiled = compileVotes(ticketLfs(), { dialect: duckdb, keywordScan: true });
      registerScanFunctions(connection, compiled);
      return { connection, sql: keyedVotesQuery(compiled, duckdb, source, ['id', 'filename', 'file_row_number'], 4) };
    };
    const one = await votesOn(1);
    const two = await votesOn(2);
    await two.connection.run(`CREATE TABLE staged AS ${two.sql}`);
    const staged = (name: string) => duckdb.string(join(work, name));
    const readBack = (name: string) => `SELECT sum("__sift_key"), count(DISTINCT filename), max(length(id)) FROM read_parquet(${staged(name)})`;
    const variants: Record<string, { what: string; go: () => Promise<unknown> }> = {
      votes_threads_1: { what: 'the vote pass (keyword-scan function) COPY to Parquet, DuckDB threads = 1', go: () => one.connection.run(`COPY (${one.sql}) TO ${staged('v1.parquet')} (FORMAT parquet)`) },
      votes_threads_2: { what: 'the same, threads = 2 (the default of sift run here)', go: () => two.connection.run(`COPY (${two.sql}) TO ${staged('v2.parquet')} (FORMAT parquet)`) },
      write_snappy: { what: 'writing the staged votes (id, file, row, key) as Parquet, snappy (DuckDB\'s default, used)', go: () => two.connection.run(`COPY staged TO ${staged('s.parquet')} (FORMAT parquet)`) },
      write_uncompressed: { what: 'the same, uncompressed', go: () => two.connection.run(`COPY staged TO ${staged('u.parquet')} (FORMAT parquet, COMPRESSION uncompressed)`) },
      write_zstd: { what: 'the same, zstd', go: () => two.connection.run(`COPY staged TO ${staged('z.parquet')} (FORMAT parquet, COMPRESSION zstd)`) },
      read_snappy: { what: 'reading the snappy staged file back (key, file, id)', go: () => two.connection.runAndReadAll(readBack('s.parquet')) },
      read_uncompressed: { what: 'reading the uncompressed one back', go: () => two.connection.runAndReadAll(readBack('u.parquet')) },
      read_zstd: { what: 'reading the zstd one back', go: () => two.connection.runAndReadAll(readBack('z.parquet')) },
    };
    const cpu: Record<string, number[]> = {};
    const wall: Record<string, number[]> = {};
    const loadBefore = loadavg();
    for (let round = 0; round <= rounds; round++) {
      for (const [name, { go }] of Object.entries(variants)) {
        const c0 = cpuMs();
        const w0 = performance.now();
        await go();
        if (round === 0) continue;
        (cpu[name] ??= []).push(((cpuMs() - c0) * 1000) / rows);
        (wall[name] ??= []).push(((performance.now() - w0) * 1000) / rows);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const result = {
      rows,
      rounds,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, note: 'shared 2-core machine: other work ran at the same time' },
      load_average: { before: loadBefore.map(r2), after: loadavg().map(r2) },
      us_per_row: Object.fromEntries(Object.keys(variants).map((k) => [k, { cpu_median: r2(median(cpu[k])), cpu: cpu[k].map(r2), wall_median: r2(median(wall[k])), what: variants[k].what }])),
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scale-settings.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const handle of opened) handle.close();
    rmSync(work, { recursive: true, force: true });
  }
}
