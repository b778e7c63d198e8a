// npm run bench -- scale-scan [--rows N] [--rounds R] [--input FILE] [--against PATH/keyword-scan.ts]
// The keyword scan alone in pure Node (no DuckDB): the `scale` bench's 20 LFs compiled as `sift run`
// does, over the UTF-8 bytes of generated tickets held in one buffer, the way the scan function sees
// them. CPU µs a row over all rows, ASCII rows and the others; with --against, another version of
// keyword-scan.ts (e.g. a checkout of the commit before) runs round robin with this one on the same
// bytes (round 0 warms up), so load hits both alike, and the run fails if their masks differ.
// Writes bench/results/scale-scan.json (bench/README.md).
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileVotes } from '../src/core/sql/compile';
import { duckdb } from '../src/core/sql/dialect';
import { KeywordScanner, type ScanTest } from '../src/core/sql/keyword-scan';
import { argValue } from './lib/app';
import { ticketLfs, writeTickets } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
type Scanner = { scanRange(bytes: Uint8Array, start: number, end: number): number };
type ScannerClass = new (tests: readonly ScanTest[]) => Scanner;

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The first `rows` texts of a tickets file, as one byte buffer with row offsets. */
async function rowBytes(file: string, rows: number) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const texts = (await connection.runAndReadAll(`SELECT text FROM read_parquet(${duckdb.string(file)}) LIMIT ${rows}`)).getRows().map((r) => String(r[0]));
  connection.closeSync();
  instance.closeSync();
  const encoded = texts.map((t) => new TextEncoder().encode(t));
  const offsets = new Int32Array(texts.length + 1);
  encoded.forEach((e, i) => (offsets[i + 1] = offsets[i] + e.length));
  const bytes = new Uint8Array(offsets[texts.length]);
  encoded.forEach((e, i) => bytes.set(e, offsets[i]));
  return { bytes, offsets, ascii: encoded.map((e) => e.every((b) => b < 0x80)) };
}

export async function run(args: string[]): Promise<void> {
  const rows = argValue(args, '--rows', 200_000);
  const rounds = argValue(args, '--rounds', 7);
  const input = args.includes('--input') ? args[args.indexOf('--input') + 1] : undefined;
  const against = args.includes('--against') ? resolve(args[args.indexOf('--against') + 1]) : undefined;
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-scan-'));
  try {
    const file = input ?? (await writeTickets(work, rows, 1))[0];
    const { bytes, offsets, ascii } = await rowBytes(file, rows);
    const n = offsets.length - 1;
    const tests = compileVotes(ticketLfs(), { dialect: duckdb, keywordScan: true }).scans.map((s) => s.tests);
    const versions: [string, ScannerClass][] = [['this', KeywordScanner]];
    if (against) versions.push(['against', ((await import(against)) as { KeywordScanner: ScannerClass }).KeywordScanner]);
    const groups = { all: [...Array(n).keys()], ascii: [...Array(n).keys()].filter((i) => ascii[i]), other: [...Array(n).keys()].filter((i) => !ascii[i]) };
    const us: Record<string, Record<string, number[]>> = {};
    const hashes: Record<string, number> = {};
    for (let round = 0; round <= rounds; round++) {
      // Alternate which version goes first, so neither always runs on a cache the other warmed.
      for (const [name, Scanner] of round % 2 === 0 ? versions : [...versions].reverse()) {
        const scanners = tests.map((t) => new Scanner(t));
        for (const [group, list] of Object.entries(groups)) {
          if (list.length === 0) continue;
          let hash = 0;
          const started = cpuUs();
          for (const scanner of scanners) for (const i of list) hash = (hash * 31 + scanner.scanRange(bytes, offsets[i], offsets[i + 1])) | 0;
          const perRow = (cpuUs() - started) / list.length;
          if (round > 0) ((us[name] ??= {})[group] ??= []).push(Math.round(perRow * 1000) / 1000);
          if (group === 'all') hashes[name] = hash;
        }
      }
    }
    if (against && hashes.this !== hashes.against) throw new Error('scale-scan: the two versions give different masks');
    const result = {
      rows: n,
      bytes_per_row: Math.round(bytes.length / n),
      ascii_rows: groups.ascii.length,
      scan_functions: tests.length,
      against: against ?? null,
      cpu_us_per_row: Object.fromEntries(Object.entries(us).map(([name, g]) => [name, Object.fromEntries(Object.entries(g).map(([k, v]) => [k, { median: median(v), rounds: v }]))])),
      load_average: loadavg().map((x) => Math.round(x * 100) / 100),
      machine: { cpus: cpus().length, model: cpus()[0]?.model },
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scale-scan.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
