// npm run bench -- scale-stages [--rows N] [--rounds R] [--input GLOB]
// Where `sift run --engine duckdb`'s CPU goes, stage by stage, in one process on one DuckDB thread (so
// CPU time is the work, not the waiting): reading the text, handing each row's bytes to JavaScript, the
// keyword scan, the rest of the vote query, staging the votes, and the whole run's phases (counts + fit,
// labels pass). Stages run round robin (round 0 warms up); each figure is CPU µs per row, median over
// rounds. Writes bench/results/scale-stages.json.
import { DuckDBInstance, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import { getStringBytes } from '@duckdb/node-api/lib/vectors/dataAccessors';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDuckdb } from '../src/cli/sql/duckdb-run';
import { registerScanFunctions } from '../src/cli/sql/scan-udf';
import { compileVotes } from '../src/core/sql/compile';
import { duckdb } from '../src/core/sql/dialect';
import { keyedCountsQuery, keyedVotesQuery } from '../src/core/sql/queries';
import { argValue } from './lib/app';
import { CLASSES, ticketLfs, ticketSpec, writeTickets } from './lib/scale-data';

const here = dirname(fileURLToPath(import.meta.url));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function run(args: string[]): Promise<void> {
  const rounds = argValue(args, '--rounds', 2);
  const input = args.includes('--input') ? args[args.indexOf('--input') + 1] : undefined;
  const work = mkdtempSync(join(tmpdir(), 'sift-scale-stages-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'false', memory_limit: '256MB' });
  const connection = await instance.connect();
  try {
    // Generated input in a folder of its own: the staged votes and labels written into `work` below
    // must not match the input's glob in a later round.
    const generated = join(work, 'input');
    const glob = input ?? `${generated}/*.parquet`;
    if (!input) {
      mkdirSync(generated);
      await writeTickets(generated, argValue(args, '--rows', 250_000), 2);
    }
    const source = `read_parquet(${duckdb.string(glob)}, filename = true, file_row_number = true)`;
    const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0][0]);
    const lfs = ticketLfs();
    const compiled = compileVotes(lfs, { dialect: duckdb, keywordScan: true });
    registerScanFunctions(connection, compiled);
    // The bytes of each row handed to JavaScript and nothing else: the floor of any per-row function.
    connection.registerScalarFunction(
      DuckDBScalarFunction.create({
        name: 'sift_bytes_only',
        returnType: INTEGER,
        parameterTypes: [VARCHAR],
        mainFunction: (_info, chunk, output) => {
          const view = (chunk.getColumnVector(0) as unknown as { dataView: DataView }).dataView;
          for (let row = 0; row < chunk.rowCount; row++) output.setItem(row, getStringBytes(view, row * 16).length);
          output.flush();
        },
      }),
    );
    const keep = ['id', 'filename', 'file_row_number'];
    const votes = keyedVotesQuery(compiled, duckdb, source, keep, CLASSES.length);
    const staged = duckdb.string(join(work, 'staged.parquet'));
    const spec = ticketSpec(lfs);
    const phases: Record<string, number[]> = {};
    const stages: Record<string, { what: string; go: () => Promise<unknown> }> = {
      read_text: { what: 'read the text column from Parquet (sum of byte lengths)', go: () => connection.runAndReadAll(`SELECT sum(strlen(text)) FROM ${source}`) },
      read_keep: { what: 'read the kept columns (id, file name, row number)', go: () => connection.runAndReadAll(`SELECT max(id), max(filename), max(file_row_number) FROM ${source}`) },
      bytes_to_js: { what: 'read the text and hand each row\'s bytes to a JavaScript function', go: () => connection.runAndReadAll(`SELECT sum(sift_bytes_only(text)) FROM ${source}`) },
      scan: { what: 'read the text and run the keyword-scan function(s)', go: () => connection.runAndReadAll(`SELECT ${compiled.scans.map((s) => `sum(${s.name}(text))`).join(', ')} FROM ${source}`) },
      votes: { what: 'the whole vote query, summed (scan + regex LFs + pattern key)', go: () => connection.runAndReadAll(`SELECT sum("__sift_key") FROM (${votes})`) },
      votes_copy: { what: 'the vote pass as sift run does it: kept columns + key COPY to zstd Parquet', go: () => connection.run(`COPY (${votes}) TO ${staged} (FORMAT parquet, COMPRESSION zstd)`) },
      counts: { what: 'the counts GROUP BY over the staged votes', go: () => connection.runAndReadAll(keyedCountsQuery(duckdb, `read_parquet(${staged})`)) },
      run: {
        what: 'sift run end to end on 1 DuckDB thread (its phases below)',
        go: async () => {
          const result = await runDuckdb({ spec, input: glob, out: join(work, 'labels.parquet'), idColumn: 'id', threads: 1, memoryLimit: '256MB' });
          for (const [phase, ms] of Object.entries(result.cpuMs)) (phases[phase] ??= []).push((ms * 1000) / rows);
        },
      },
    };
    const cpu: Record<string, number[]> = {};
    const loadBefore = loadavg();
    for (let round = 0; round <= rounds; round++) {
      for (const [name, { go }] of Object.entries(stages)) {
        const c0 = cpuMs();
        await go();
        if (round > 0) (cpu[name] ??= []).push(((cpuMs() - c0) * 1000) / rows);
      }
      if (round === 0) for (const key of Object.keys(phases)) delete phases[key];
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const r2 = (x: number) => Math.round(x * 100) / 100;
    const m = (name: string) => median(cpu[name]);
    const result = {
      rows,
      rounds,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, duckdb_threads: 1, note: 'shared 2-core machine: other work ran at the same time' },
      load_average: { before: loadBefore.map(r2), after: loadavg().map(r2) },
      cpu_us_per_row: Object.fromEntries(Object.keys(stages).map((k) => [k, { median: r2(m(k)), rounds: cpu[k].map(r2), what: stages[k].what }])),
      run_phases_cpu_us_per_row: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, r2(median(v))])),
      // By difference between stages measured in the same rounds.
      derived_us_per_row: {
        bytes_to_js: r2(m('bytes_to_js') - m('read_text')),
        automaton: r2(m('scan') - m('bytes_to_js')),
        regex_lfs_and_key: r2(m('votes') - m('scan')),
        kept_columns_and_write: r2(m('votes_copy') - m('votes')),
      },
    };
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scale-stages.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result, null, 2));
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(work, { recursive: true, force: true });
  }
}
