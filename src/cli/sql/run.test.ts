import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { LfDef } from '../../core/lf/types';
import { fitCounts, labelPatterns } from '../../core/spec/counts';
import { buildSpec, parseSpec, specToJson } from '../../core/spec/index';
import type { PipelineSpec } from '../../core/spec/types';
import { countsQuery } from '../../core/sql/queries';
import { compileVotes } from '../../core/sql/compile';
import { duckdb, spark } from '../../core/sql/dialect';
import { run as runCommand } from '../run';
import { runDuckdb } from './duckdb-run';
import { patternsCsv, readCountsCsv } from './pattern-csv';
import { emitSpark } from './spark-emit';
import { readSpecFile } from './spec-file';

const work = mkdtempSync(join(tmpdir(), 'sift-run-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const GOLDEN = join(process.cwd(), 'src/cli/sql/golden/spark');

const lfs: LfDef[] = [
  { id: 'check', name: 'check out', vote: 1, condition: { kind: 'keyword', keywords: ['check out', "it's"], match: 'any', wholeWord: true, caseSensitive: false } },
  { id: 'link', name: 'link', vote: 1, condition: { kind: 'regex', pattern: 'https?://\\S+', flags: 'iu' } },
  { id: 'short', name: 'short', vote: 0, condition: { kind: 'length', unit: 'words', op: '<=', value: 5 } },
  { id: 'song', name: 'song', vote: 0, condition: { kind: 'and', conditions: [{ kind: 'keyword', keywords: ['song'], match: 'any', wholeWord: false, caseSensitive: false }, { kind: 'not', condition: { kind: 'metadata', field: 'author', values: ['Bot'] } }] } },
  { id: 'score', name: 'score', vote: 1, condition: { kind: 'number', field: 'score', op: 'between', value: 1, max: 2.5 } },
];

function spec(list: LfDef[] = lfs, extra: Partial<PipelineSpec> = {}): PipelineSpec {
  const sources = list.map((lf) => ({ id: lf.id, name: lf.name, kind: 'lf' as const, enabled: true, definition: lf }));
  const built = buildSpec({ datasetName: 'golden', fields: ['author', 'score'], classes: ['ham', 'spam'], sources, labelModel: { method: 'snorkel', ties: 'random', prior: 'model', seed: 0, sourceIds: list.map((l) => l.id), params: null }, now: new Date(0) });
  return parseSpec(specToJson({ ...built, ...extra }));
}

function writeInput(name: string, columns: { name: string; data: unknown[]; type: string }[]): string {
  const path = join(work, name);
  writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData: columns as never })));
  return path;
}

const texts = ['Check out my channel http://x.y', 'great song', "it's fine", 'SONG of the year, really a long comment here', '', null];
const goodColumns = () => [
  { name: 'id', data: texts.map((_, i) => `c${i}`), type: 'STRING' },
  { name: 'text', data: texts, type: 'STRING' },
  { name: 'author', data: ['Bot', 'Ann', null, 'Bot', 'x', 'y'], type: 'STRING' },
  { name: 'score', data: ['1', ' 2.5', 'no', null, '3', '1e0'], type: 'STRING' },
];

describe('sift run', () => {
  it('emits the Spark SQL the golden files hold', () => {
    const dir = join(work, 'spark');
    emitSpark({ spec: spec(), specPath: 'P.json', input: '/data/items/*.parquet', out: '/data/labels', dir: '/tmp/sift-golden', idColumn: 'id' });
    const files = emitSpark({ spec: spec(), specPath: 'P.json', input: '/data/items/*.parquet', out: '/data/labels', dir, idColumn: 'id' });
    for (const file of files.filter((f) => f.endsWith('.sql'))) {
      const name = file.slice(dir.length + 1);
      const text = readFileSync(file, 'utf8').replaceAll(dir, '/tmp/sift-golden');
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(join(GOLDEN, name), text);
      }
      expect(text).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
    }
    expect(readFileSync(files[2], 'utf8')).toMatch(/fit-counts --spec P.json/);
    // The keyword-scan function is DuckDB's alone: Spark gets plain SQL, and the compiler refuses to mix them.
    for (const file of files.filter((f) => f.endsWith('.sql'))) expect(readFileSync(file, 'utf8')).not.toMatch(/sift_scan/);
    expect(() => compileVotes(spec().lfs, { dialect: spark, keywordScan: true })).toThrow(/Keyword-scan functions run on DuckDB only; spark gets plain SQL/);
  });

  it('fit-counts on counts written as CSV gives the patterns a DuckDB run joins back', async () => {
    const s = spec();
    const input = writeInput('items.parquet', goodColumns());
    const out = join(work, 'labels.parquet');
    const result = await runDuckdb({ spec: s, input, out, idColumn: 'id', threads: 1, workDir: mkdtempSync(join(work, 'w-')) });
    expect(result.rows).toBe(6);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll(`SELECT id, v0, v1, v2, v3, v4, p0, p1 FROM read_parquet('${out}') ORDER BY id`)).getRowObjects();
    expect(rows.map((r) => [r.id, r.v0, r.v1, r.v2, r.v3, r.v4])).toEqual([
      ['c0', 1, 1, 0, -1, 1],
      ['c1', -1, -1, 0, 0, 1],
      ['c2', 1, -1, 0, -1, -1],
      ['c3', -1, -1, -1, -1, -1],
      ['c4', -1, -1, 0, -1, -1],
      ['c5', -1, -1, 0, -1, 1],
    ]);
    const meta = (await connection.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${out}')`)).getRowObjects();
    const lineage = JSON.parse(String(meta.find((m) => m.k === 'sift_lineage')!.v));
    expect(lineage.votes.map((v: { lfId: string }) => v.lfId)).toEqual(['check', 'link', 'short', 'song', 'score']);
    // The counts as Spark would write them, then fit-counts' path.
    const csv = join(work, 'counts.csv');
    await connection.run(`COPY (SELECT * FROM read_parquet('${out}')) TO '${join(work, 'votes.parquet')}' (FORMAT parquet)`);
    await connection.run(`COPY (${countsQuery(5, duckdb, `read_parquet('${join(work, 'votes.parquet')}')`)}) TO '${csv}' (HEADER, DELIMITER ',')`);
    const counts = readCountsCsv(csv, 5, 2);
    const patterns = patternsCsv(counts, labelPatterns(s, fitCounts(s, counts, 'refit').params, counts)).trim().split('\n').slice(1);
    for (const row of rows) {
      const key = [row.v0, row.v1, row.v2, row.v3, row.v4].join(',') + ',';
      const line = patterns.find((p) => p.startsWith(key))!;
      const [p0, p1] = line.slice(key.length).split(',').map(Number);
      expect(p0).toBeCloseTo(Number(row.p0), 6);
      expect(p1).toBeCloseTo(Number(row.p1), 6);
    }
    connection.closeSync();
    instance.closeSync();
  });

  it('refuses bad input before any work, naming what is wrong', async () => {
    const out = join(work, 'never.parquet');
    const newer = join(work, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...spec(), version: 7 }));
    expect(() => readSpecFile(newer)).toThrow(/version 7, newer than this Sift reads/);

    const similarity = { ...spec(), lfs: [{ id: 's', name: 'near spam', vote: 1, condition: { kind: 'similarity', exampleIds: ['a'], threshold: 0.9 } }] } as unknown as PipelineSpec;
    await expect(runDuckdb({ spec: similarity, input: join(work, 'items.parquet'), out })).rejects.toThrow(/LF "near spam": a similarity rule needs item embeddings/);
    const lookbehind = spec([{ id: 'lb', name: 'after a', vote: 1, condition: { kind: 'regex', pattern: '(?<=a)b' } }]);
    await expect(runDuckdb({ spec: lookbehind, input: join(work, 'items.parquet'), out })).rejects.toThrow(/LF "after a": \/\(\?<=a\)b\/ cannot run on DuckDB \(RE2\): RE2 has no lookbehind/);

    const noAuthor = writeInput('no-author.parquet', goodColumns().filter((c) => c.name !== 'author'));
    await expect(runDuckdb({ spec: spec(), input: noAuthor, out })).rejects.toThrow(/no-author.parquet has no column "author" \(a field the LFs read\)/);
    const intText = writeInput('int-text.parquet', goodColumns().map((c) => (c.name === 'text' ? { name: 'text', data: texts.map((_, i) => i), type: 'INT32' } : c)));
    await expect(runDuckdb({ spec: spec(), input: intText, out })).rejects.toThrow(/int-text.parquet: column "text" is INTEGER, but the LFs read it as text/);
    await expect(runDuckdb({ spec: spec(), input: join(work, 'nothing-*.parquet'), out })).rejects.toThrow(/No file matches/);
    const specPath = join(work, 'good.json');
    writeFileSync(specPath, specToJson(spec()));
    await expect(runCommand(['--spec', specPath, '--input', 'x.parquet', '--engine', 'spark-sql', '--emit-sql', join(work, 'never'), '--out', out, '--keyword-scan', 'on'])).rejects.toThrow(/--keyword-scan is for --engine duckdb/);
    await expect(runCommand(['--spec', specPath, '--input', noAuthor, '--out', out, '--keyword-scan', 'yes'])).rejects.toThrow(/--keyword-scan must be one of on, off; got "yes"/);
    await expect(runCommand(['--spec', specPath, '--input', 'x.parquet', '--engine', 'spark-sql', '--emit-sql', join(work, 'never'), '--out', out, '--scan-threads', '2'])).rejects.toThrow(/--scan-threads is for --engine duckdb/);
    await expect(runCommand(['--spec', specPath, '--input', noAuthor, '--out', out, '--scan-threads', '3'])).rejects.toThrow(/--scan-threads must be one of 1, 2; got "3"/);
    expect(existsSync(out)).toBe(false);
  });
});
