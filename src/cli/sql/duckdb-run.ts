import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiftError } from '../../core/errors';
import type { LabelModelParams, MethodName } from '../../core/labelmodel/types';
import { TEXT_FIELD } from '../../core/lf/types';
import { lfVersion } from '../../core/lf/version';
import { fitCounts, labelPatterns, specDecision, type PatternCounts } from '../../core/spec/counts';
import type { PipelineSpec } from '../../core/spec/types';
import { columnsRead, compileVotes, type CompiledVotes } from '../../core/sql/compile';
import { duckdb } from '../../core/sql/dialect';
import { countsQuery, decodePatternKey, fitsPatternKey, KEY, keyedCountsQuery, keyedLabelsQuery, keyedVotesQuery, labelsQuery, votesQuery } from '../../core/sql/queries';
import { breakTieSql, tiedClassesSql } from '../../core/sql/tie-break';
import { ScanSplit, type ScanSplitStats } from './scan-split';
import { registerScanFunctions } from './scan-udf';

export interface DuckdbRunRequest {
  spec: PipelineSpec;
  /** A Parquet path or glob ('data/*.parquet'). */
  input: string;
  out: string;
  /** Column that identifies an item in the output (kept as is); rows also carry their file and row number. */
  idColumn?: string;
  textColumn?: string;
  params?: 'refit' | 'spec';
  method?: MethodName;
  threads?: number;
  /** DuckDB's memory_limit (e.g. '256MB'); it spills to disk beyond it. Default: DuckDB's (80 % of RAM). */
  memoryLimit?: string;
  /** Where the votes are staged between the passes (default: a fresh folder under the OS temp dir). */
  workDir?: string;
  /** Keyword tests by one scan per row in Node (src/core/sql/keyword-scan.ts) rather than SQL substring tests (default true). */
  keywordScan?: boolean;
  /** Threads that run the keyword scan: 1, the Node thread alone; 2, a worker thread scans part of each vector too (scan-split.ts). Default DEFAULT_SCAN_THREADS. */
  scanThreads?: 1 | 2;
}

export interface DuckdbRunResult {
  rows: number;
  patterns: number;
  files: number;
  method: MethodName;
  params: 'refit' | 'spec';
  ms: { check: number; votes: number; fit: number; labels: number; total: number };
  /** Process CPU time (DuckDB's threads included) per phase: on a shared machine the better measure of the work. */
  cpuMs: { check: number; votes: number; fit: number; labels: number; total: number };
  /** How the keyword scan was split between the Node thread and the worker (absent without one). */
  scanSplit?: ScanSplitStats;
}

const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;

const lit = duckdb.string;
/**
 * The keyword scan split with a worker thread by default: the vote pass over 1M rows, interleaved in one
 * process, took less wall time in 8 of 8 rounds at load 5 and 4 of 6 at load 8, at about the same CPU
 * (bench/README.md, "The keyword scan on two threads"). Costs ~0.3 s of CPU a run to start the worker.
 */
export const DEFAULT_SCAN_THREADS: 1 | 2 = 2;
const LABELS_ROW_GROUP = 61_440;

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRows() as unknown[][];
}

/**
 * Every file's columns checked against what the LFs read, before any work: a missing column or a wrong
 * type is refused with the file and column named. Returns the columns that hold numbers.
 */
async function checkInput(connection: DuckDBConnection, files: string[], request: DuckdbRunRequest, compiledFrom: PipelineSpec): Promise<Set<string>> {
  const textColumn = request.textColumn ?? TEXT_FIELD;
  const read = columnsRead(compiledFrom.lfs);
  const needed = new Map<string, 'string' | 'number' | 'any'>();
  for (const [field, how] of read) needed.set(field === TEXT_FIELD ? textColumn : field, how);
  if (request.idColumn) needed.set(request.idColumn, needed.get(request.idColumn) ?? 'any');
  const numberColumns = new Set<string>();
  const typeSeen = new Map<string, { type: string; file: string }>();
  for (const file of files) {
    let schema: unknown[][];
    try {
      schema = await rows(connection, `DESCRIBE SELECT * FROM read_parquet(${lit(file)})`);
    } catch (error) {
      throw new SiftError('run-input', `${file} is not a readable Parquet file: ${(error as Error).message}`, { file });
    }
    const types = new Map(schema.map((r) => [String(r[0]), String(r[1])]));
    for (const [column, how] of needed) {
      const type = types.get(column);
      if (type === undefined) {
        const what = column === request.idColumn ? '--id-column' : column === textColumn ? 'the item text' : 'a field the LFs read';
        throw new SiftError('run-missing-column', `${file} has no column "${column}" (${what}); its columns: ${[...types.keys()].join(', ')}.`, { file, column });
      }
      const numeric = NUMBER_TYPES.test(type);
      if (how === 'string' && type !== 'VARCHAR') throw new SiftError('run-column-type', `${file}: column "${column}" is ${type}, but the LFs read it as text (VARCHAR).`, { file, column, type });
      if (how === 'number' && type !== 'VARCHAR' && !numeric) throw new SiftError('run-column-type', `${file}: column "${column}" is ${type}, but number rules need a number or text column.`, { file, column, type });
      const seen = typeSeen.get(column);
      if (seen && how !== 'any' && (NUMBER_TYPES.test(seen.type) !== numeric)) {
        throw new SiftError('run-column-type', `Column "${column}" is ${seen.type} in ${seen.file} but ${type} in ${file}: the files must agree.`, { column });
      }
      typeSeen.set(column, { type, file });
      if (how === 'number' && numeric) numberColumns.add(column);
    }
  }
  return numberColumns;
}

function lineage(spec: PipelineSpec, compiled: CompiledVotes, params: LabelModelParams, from: 'refit' | 'spec', version: string): string {
  const { method, note } = params;
  const decision = specDecision(spec, params);
  return JSON.stringify({
    producer: 'sift run --engine duckdb',
    engine: `duckdb ${version}`,
    at: new Date().toISOString(),
    spec: { version: spec.version, createdAt: spec.createdAt, dataset: spec.dataset.name, metric: spec.metric },
    classes: spec.classes,
    votes: compiled.votes.map((v, j) => ({ column: v.name, lfId: v.lfId, name: v.lfName, version: lfVersion(spec.lfs[j]) })),
    notPortable: spec.notPortable.map((s) => s.id),
    labelModel: { method, params: from, note },
    probabilities: spec.calibration ? `calibrated (${spec.calibration.method})` : 'raw',
    thresholds: spec.thresholds,
    // Which rule made the labels: the spec's dev-tuned decision on the raw outputs, or the calibrated argmax.
    decision: decision ?? (spec.decision ? `argmax: the spec's decision was tuned for ${spec.labelModel?.method}, not ${method}` : 'argmax'),
  });
}

/** Starts the worker of a split scan; a failure is the run's error (awaited or not, it is never an unhandled rejection). */
function startSplit(compiled: CompiledVotes): Promise<ScanSplit> {
  const started = ScanSplit.start(compiled.scans.map((scan) => scan.tests)).catch((error: Error) => {
    throw new SiftError('run-scan-thread', `${error.message} (--scan-threads 1 scans on the Node thread alone).`);
  });
  started.catch(() => undefined);
  return started;
}

/**
 * `sift run --engine duckdb`: LF votes by SQL (staged as a narrow Parquet file), vote-pattern counts by
 * GROUP BY, the label model fitted on the counts with the app's code, labels joined back by pattern.
 * Memory stays flat in the number of rows: only the distinct patterns come back to Node.
 */
export async function runDuckdb(request: DuckdbRunRequest): Promise<DuckdbRunResult> {
  const started = performance.now();
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const cpuStarted = cpu();
  const { spec } = request;
  if (spec.lfs.length === 0) throw new SiftError('run-no-lfs', `The spec has no portable LFs to run${spec.notPortable.length ? ` (not portable: ${spec.notPortable.map((s) => `${s.name} — ${s.reason}`).join('; ')})` : ''}.`);
  // Refuses LFs DuckDB cannot run before anything is read. The worker of a split scan starts on its
  // scans meanwhile (~0.3 s of loading, overlapping the input check).
  const keywordScan = request.keywordScan ?? true;
  const early = compileVotes(spec.lfs, { dialect: duckdb, textColumn: request.textColumn, keywordScan });
  const splitWanted = (request.scanThreads ?? DEFAULT_SCAN_THREADS) === 2 && keywordScan;
  // Rows carry their file and row number, so output order need not follow input order: without that
  // promise DuckDB streams COPY instead of buffering, and memory stays flat in the number of rows.
  const config: Record<string, string> = { preserve_insertion_order: 'false' };
  if (request.threads) config.threads = String(request.threads);
  if (request.memoryLimit) config.memory_limit = request.memoryLimit;
  const instance = await DuckDBInstance.create(':memory:', config);
  const connection = await instance.connect();
  const work = request.workDir ?? mkdtempSync(join(tmpdir(), 'sift-run-'));
  let starting = splitWanted && early.scans.length > 0 ? startSplit(early) : undefined;
  let split: ScanSplit | undefined;
  try {
    const files = (await rows(connection, `SELECT file FROM glob(${lit(request.input)}) ORDER BY file`)).map((r) => String(r[0]));
    if (files.length === 0) throw new SiftError('run-no-input', `No file matches --input ${request.input}.`);
    const numberColumns = await checkInput(connection, files, request, spec);
    const compiled = compileVotes(spec.lfs, { dialect: duckdb, textColumn: request.textColumn, numberColumns, keywordScan });
    // The number columns do not change keyword tests; should they ever, the worker must scan these.
    if (splitWanted && JSON.stringify(compiled.scans) !== JSON.stringify(early.scans)) {
      const stale = starting;
      starting = undefined;
      await (await stale?.catch(() => undefined))?.close();
      if (compiled.scans.length > 0) starting = startSplit(compiled);
    }
    split = await starting;
    registerScanFunctions(connection, compiled, split);
    const m = compiled.votes.length;
    const k = spec.classes.length;
    const checked = performance.now();
    const checkedCpu = cpu();

    const source = `read_parquet([${files.map(lit).join(', ')}], filename = true, file_row_number = true, union_by_name = true)`;
    const keep = [...(request.idColumn ? [request.idColumn] : []), 'filename', 'file_row_number'];
    const votesFile = join(work, 'votes.parquet');
    // One BIGINT per row instead of m vote columns where the pattern fits one: a narrower staged
    // file, a one-column GROUP BY and a one-column join (the votes come back from the pattern table).
    const keyed = fitsPatternKey(m, k);
    const votesSql = keyed ? keyedVotesQuery(compiled, duckdb, source, keep, k) : votesQuery(compiled, duckdb, source, keep);
    // zstd: written with ~0.25 µs less CPU a row than DuckDB's default snappy, read back as fast (`npm run bench -- scale-settings`).
    try {
      await connection.run(`COPY (${votesSql}) TO ${lit(votesFile)} (FORMAT parquet, COMPRESSION zstd)`);
    } catch (error) {
      // DuckDB wraps what the scan function threw; a failed worker is named as the run's error.
      if (split?.failure) throw new SiftError('run-scan-thread', `The vote pass stopped: ${split.failure} (--scan-threads 1 scans on the Node thread alone).`);
      throw error;
    }
    // The worker is idle from here on: its heap need not stay through the labels pass.
    await split?.close();
    const votesDone = performance.now();
    const votesDoneCpu = cpu();

    const staged = `read_parquet(${lit(votesFile)})`;
    const counted = await rows(connection, keyed ? keyedCountsQuery(duckdb, staged) : countsQuery(m, duckdb, staged));
    const counts: PatternCounts = { m, k, size: counted.length, votes: new Int8Array(counted.length * m), counts: new Float64Array(counted.length) };
    const keys: bigint[] = [];
    let n = 0;
    counted.forEach((row, q) => {
      if (keyed) {
        keys.push(BigInt(row[0] as bigint));
        decodePatternKey(keys[q], m, k, counts.votes, q * m);
      } else for (let j = 0; j < m; j++) counts.votes[q * m + j] = Number(row[j]);
      counts.counts[q] = Number(row[keyed ? 1 : m]);
      n += counts.counts[q];
    });
    const fit = fitCounts(spec, counts, request.params ?? 'refit', request.method);
    const labels = labelPatterns(spec, fit.params, counts);
    const fitDone = performance.now();
    const fitDoneCpu = cpu();

    const columns = [
      ...(keyed ? [`${KEY} BIGINT`] : []),
      ...Array.from({ length: m }, (_, j) => `v${j} TINYINT`),
      ...Array.from({ length: k }, (_, c) => `p${c} FLOAT`),
      'label SMALLINT',
      'confidence FLOAT',
      'covered BOOLEAN',
      'tied_mask INTEGER',
    ];
    await connection.run(`CREATE TEMP TABLE sift_patterns_raw (${columns.join(', ')})`);
    const appender = await connection.createAppender('sift_patterns_raw');
    for (let q = 0; q < counts.size; q++) {
      if (keyed) appender.appendBigInt(keys[q]);
      for (let j = 0; j < m; j++) appender.appendTinyInt(counts.votes[q * m + j]);
      for (let c = 0; c < k; c++) appender.appendFloat(labels.probs[q * k + c]);
      appender.appendSmallInt(labels.label[q]);
      appender.appendFloat(labels.confidence[q]);
      appender.appendBoolean(labels.covered[q] === 1);
      appender.appendInteger(labels.tiedMask[q]);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`CREATE TEMP TABLE sift_patterns AS SELECT *, ${tiedClassesSql('tied_mask', k)} AS tied FROM sift_patterns_raw`);
    // Ties are broken per item, by SHA-1 of its key, exactly as the app's decideLabels does (in SQL: no per-row JavaScript).
    const seed = spec.labelModel?.seed ?? 0;
    const key = request.idColumn ? `CAST(t.${duckdb.ident(request.idColumn)} AS VARCHAR)` : `t.filename || ':' || CAST(t.file_row_number AS VARCHAR)`;
    const tieBreak = () => breakTieSql(key, `p.${duckdb.ident('tied')}`, seed);
    const version = String((await rows(connection, 'SELECT version()'))[0][0]);
    const meta = lineage(spec, compiled, fit.params, fit.from, version);
    const labelsSql = keyed ? keyedLabelsQuery(m, k, duckdb, staged, 'sift_patterns', keep, tieBreak) : labelsQuery(m, k, duckdb, staged, 'sift_patterns', keep, tieBreak);
    // Row groups of 61,440 rows, half DuckDB's default: the 30-column write cost 0.80 vs 1.04 µs of CPU
    // a row (medians of 5 interleaved rounds, 1M rows, load 20; 30,720: 0.75). Same columns and format.
    await connection.run(
      `COPY (${labelsSql}) TO ${lit(request.out)} (FORMAT parquet, ROW_GROUP_SIZE ${LABELS_ROW_GROUP}, KV_METADATA {sift_lineage: ${lit(meta)}, sift_classes: ${lit(JSON.stringify(spec.classes))}})`,
    );
    const end = performance.now();
    const endCpu = cpu();
    return {
      rows: n,
      patterns: counts.size,
      files: files.length,
      method: fit.params.method,
      params: fit.from,
      ms: { check: checked - started, votes: votesDone - checked, fit: fitDone - votesDone, labels: end - fitDone, total: end - started },
      cpuMs: { check: checkedCpu - cpuStarted, votes: votesDoneCpu - checkedCpu, fit: fitDoneCpu - votesDoneCpu, labels: endCpu - fitDoneCpu, total: endCpu - cpuStarted },
      ...(split ? { scanSplit: { ...split.stats } } : {}),
    };
  } finally {
    await (await starting?.catch(() => undefined))?.close();
    connection.closeSync();
    instance.closeSync();
    if (!request.workDir) rmSync(work, { recursive: true, force: true });
  }
}
