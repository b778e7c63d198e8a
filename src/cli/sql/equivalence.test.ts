import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { applyCalibrator } from '../../core/calibration/index';
import { fitPatterns } from '../../core/labelmodel/fit';
import { compileVotes } from '../../core/sql/compile';
import { duckdb } from '../../core/sql/dialect';
import { MAX_SCAN_TESTS } from '../../core/sql/keyword-scan';
import { fitsPatternKey } from '../../core/sql/queries';
import { decideLabels } from '../../core/labelmodel/decide';
import { applyDecision, type Decision } from '../../core/labelmodel/decision';
import { compressVotes } from '../../core/labelmodel/patterns';
import { predict } from '../../core/labelmodel/predict';
import type { MethodName } from '../../core/labelmodel/types';
import { applyLfs } from '../../core/lf/compile';
import type { LfDef } from '../../core/lf/types';
import { buildSpec, parseSpec, specToJson } from '../../core/spec/index';
import type { PipelineSpec } from '../../core/spec/types';
import { runDuckdb } from './duckdb-run';

const work = mkdtempSync(join(tmpdir(), 'sift-eq-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Column = { name: string; data: (string | number | null)[]; type: 'STRING' | 'DOUBLE' };

function specOf(lfs: LfDef[], fields: string[], method: MethodName, calibration: PipelineSpec['calibration'] = null, decision: Decision | null = null): PipelineSpec {
  const sources = lfs.map((lf) => ({ id: lf.id, name: lf.name, kind: 'lf' as const, enabled: true, definition: lf }));
  const built = buildSpec({ datasetName: 'test', fields, classes: ['ham', 'spam'], sources, labelModel: { method, ties: 'random', prior: 'model', seed: 0, sourceIds: lfs.map((l) => l.id), params: null }, calibration, decision });
  return parseSpec(specToJson(built));
}

/** The app's path: LF engine over the chunk (a NULL field is the empty string), fit on the votes, predict. */
function appPath(spec: PipelineSpec, columns: Column[]) {
  const text = columns.find((c) => c.name === 'text')!.data.map((x) => (x === null ? '' : String(x)));
  const fields: Record<string, string[]> = {};
  for (const c of columns) if (c.name !== 'text') fields[c.name] = c.data.map((x) => (x === null || (typeof x === 'number' && Number.isNaN(x)) ? '' : String(x)));
  const k = spec.classes.length;
  const votes = applyLfs(spec.lfs, { text, fields }, { classCount: k, fields: Object.keys(fields) });
  const matrix = { n: text.length, m: spec.lfs.length, k, votes };
  const params = fitPatterns(compressVotes(matrix), spec.labelModel!.method, { seed: 0, ties: 'random' });
  const raw = predict(params, matrix).probs;
  const probs = spec.calibration ? applyCalibrator({ n: text.length, k, probs: raw }, spec.calibration) : raw;
  const ids = columns.find((c) => c.name === 'id')?.data.map(String);
  // A stored decision labels as the label-model run does (core/weak/compare.ts): on the raw outputs.
  const labels = ids ? (spec.decision ? applyDecision(raw, k, spec.decision, { keys: ids }) : decideLabels(probs, k, { keys: ids })) : null;
  return { votes, probs, labels, argmax: ids ? decideLabels(probs, k, { keys: ids }) : null };
}

/** `keywordScan`: keyword tests by the keyword-scan function (the default) or by SQL alone; `scanThreads` 2: the scan split with a worker thread. */
async function sqlPath(spec: PipelineSpec, columns: Column[], name: string, keywordScan = true, scanThreads: 1 | 2 = 1) {
  const input = join(work, `${name}.parquet`);
  const out = join(work, `${name}-labels.parquet`);
  writeFileSync(input, new Uint8Array(parquetWriteBuffer({ columnData: columns })));
  const idColumn = columns.some((c) => c.name === 'id') ? 'id' : undefined;
  const result = await runDuckdb({ spec, input, out, threads: 2, idColumn, keywordScan, scanThreads });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${out}') ORDER BY file_row_number`)).getRowObjects();
  connection.closeSync();
  instance.closeSync();
  const m = spec.lfs.length;
  const k = spec.classes.length;
  const votes = new Int8Array(rows.length * m);
  const probs = new Float32Array(rows.length * k);
  const labels = new Int16Array(rows.length);
  rows.forEach((row, i) => {
    labels[i] = Number(row.label);
    for (let j = 0; j < m; j++) votes[i * m + j] = Number(row[`v${j}`]);
    for (let c = 0; c < k; c++) probs[i * k + c] = Number(row[`p${c}`]);
  });
  return { votes, probs, labels, result };
}

function expectSame(app: { votes: Int8Array; probs: Float32Array; labels: Int16Array | null }, sql: { votes: Int8Array; probs: Float32Array; labels: Int16Array }, m: number) {
  expect(sql.votes.length).toBe(app.votes.length);
  const mismatches: string[] = [];
  for (let i = 0; i < app.votes.length; i++) if (app.votes[i] !== sql.votes[i]) mismatches.push(`row ${Math.floor(i / m)} LF ${i % m}: app ${app.votes[i]}, sql ${sql.votes[i]}`);
  expect(mismatches).toEqual([]);
  let worst = 0;
  for (let i = 0; i < app.probs.length; i++) worst = Math.max(worst, Math.abs(app.probs[i] - sql.probs[i]));
  expect(worst).toBeLessThanOrEqual(1e-6);
  if (app.labels) expect(Array.from(sql.labels)).toEqual(Array.from(app.labels));
}

const kw = (id: string, vote: number, keywords: string[], extra: Partial<LfDef['condition']> = {}): LfDef =>
  ({ id, name: id, vote, condition: { kind: 'keyword', keywords, match: 'any', wholeWord: true, caseSensitive: false, ...extra } }) as LfDef;
const rx = (id: string, vote: number, pattern: string, flags = '', field?: string): LfDef => ({ id, name: id, vote, condition: { kind: 'regex', pattern, flags, ...(field ? { field } : {}) } });

const youtubeLfs: LfDef[] = [
  kw('check', 1, ['check out', 'check my', 'my channel']),
  kw('subscribe', 1, ['subscribe'], { wholeWord: false }),
  rx('link', 1, 'https?://', 'i'),
  rx('please', 1, '\\b(?:please|plz)\\b', 'i'),
  { id: 'short', name: 'short', vote: 0, condition: { kind: 'length', unit: 'words', op: '<=', value: 5 } },
  kw('song', 0, ['song', 'love', 'best']),
  { id: 'video', name: 'video', vote: 0, condition: { kind: 'and', conditions: [{ kind: 'keyword', keywords: ['video'], match: 'any', wholeWord: true, caseSensitive: false }, { kind: 'not', condition: { kind: 'regex', pattern: 'http' } }] } },
  rx('caps', 1, '[A-Z]{4,}'),
  kw('money', 1, ['$$$', 'free', 'win']),
  { id: 'long', name: 'long', vote: 1, condition: { kind: 'length', op: '>', value: 300 } },
];

function youtubeTexts(): string[] {
  const train = JSON.parse(readFileSync(join(process.cwd(), 'public/sample/wrench_youtube/train.json'), 'utf8')) as Record<string, { data: { text: string } }>;
  return Object.values(train).map((item) => item.data.text);
}

describe('SQL on DuckDB gives the app\'s votes and probabilities', () => {
  it.each(['snorkel', 'ds', 'mv', 'wmv', 'fs', 'snorkel, keyword tests in SQL'])('WRENCH youtube train (1,586 comments), 10 LFs, %s', async (name) => {
    const method = name.split(',')[0] as MethodName;
    const spec = specOf(youtubeLfs, [], method, method === 'snorkel' ? { method: 'temperature', temperature: 1.7 } : null);
    const texts = youtubeTexts();
    // Ties (common under majority vote) are broken by SHA-1 of the id in both paths.
    const columns: Column[] = [
      { name: 'id', data: texts.map((_, i) => `yt-${i}`), type: 'STRING' },
      { name: 'text', data: texts, type: 'STRING' },
    ];
    const app = appPath(spec, columns);
    const sql = await sqlPath(spec, columns, `youtube-${method}-${name.length}`, !name.includes('SQL'));
    expect(sql.result.rows).toBe(1586);
    expectSame(app, sql, spec.lfs.length);
  });

  it.each([
    ['snorkel, calibrated, a threshold', 'snorkel', { kind: 'threshold', positive: 1, threshold: 0.3 }],
    ['mv, class weights (ties broken per item)', 'mv', { kind: 'weights', weights: [1, 1.25] }],
  ] as [string, MethodName, Decision][])('a stored decision labels as the app does: %s', async (name, method, decision) => {
    const spec = specOf(youtubeLfs, [], method, method === 'snorkel' ? { method: 'temperature', temperature: 1.7 } : null, decision);
    expect(spec.decision).toEqual(decision);
    const texts = youtubeTexts();
    const columns: Column[] = [
      { name: 'id', data: texts.map((_, i) => `yt-${i}`), type: 'STRING' },
      { name: 'text', data: texts, type: 'STRING' },
    ];
    const app = appPath(spec, columns);
    const sql = await sqlPath(spec, columns, `youtube-decision-${method}`);
    expectSame(app, sql, spec.lfs.length);
    // The decision moves labels away from the calibrated argmax, so this compares something.
    const moved = app.labels!.filter((y, i) => y !== app.argmax![i]).length;
    expect(moved).toBeGreaterThan(0);
  });

  it('votes too many to pack into one BIGINT key (40 LFs, 2 classes) take the vote-column path and agree too', async () => {
    expect(fitsPatternKey(40, 2)).toBe(false);
    const lfs = [0, 1, 2, 3].flatMap((copy) => youtubeLfs.map((lf) => ({ ...lf, id: `${lf.id}-${copy}`, name: `${lf.name} ${copy}` })));
    const spec = specOf(lfs, [], 'mv');
    const texts = youtubeTexts().slice(0, 400);
    const columns: Column[] = [
      { name: 'id', data: texts.map((_, i) => `yt-${i}`), type: 'STRING' },
      { name: 'text', data: texts, type: 'STRING' },
    ];
    const sql = await sqlPath(spec, columns, 'youtube-40');
    expect(sql.result.rows).toBe(400);
    expectSame(appPath(spec, columns), sql, lfs.length);
  });

  it.each([
    ['keyword-scan function', true, 1],
    ['SQL alone', false, 1],
    ['keyword-scan function split with a worker thread (6,000 rows: the edge texts and pairs of them)', true, 2],
  ] as const)('edge cases: Unicode case folding, NFC, empty text, NULL fields, regex specials, number parsing; keyword tests by %s', async (_how, keywordScan, scanThreads) => {
    const edges = [
      'İSTANBUL is big', 'ΟΔΟΣ', 'STRASSE 5', 'straße', 'cafe\u0301 au lait', 'café', 'win$$$ now', 'winner', '', '   ', '\u00a0\u2003',
      'pay $12.50 today', 'a😀c', 'x 😀 y', '(x) marks', 'É', 'ǅ title', 'tab\there', 'line\nbreak', 'ﬁne print', 'K kelvin', null, 'one two  three',
      'emoji 👍🏽 ok', 'Ⅻ roman', 'a_b', 'İ', 'I', 'ı dotless', 'ς final',
      // Below U+0300 (the SQL skips the normalizer there) with and without the two folds that still apply.
      'ŁÓDŹ İzmir Straße', 'ĲSSELMEER Ǆ', 'ÀÉÎ ø',
      // Whole words between spaces (the SQL decides those without its regex), and near misses.
      'café WIN', 'Now then', 'go WIN big', 'go winner win', 'x $$$ y', 'a café b', 'a cafe\u0301 b', 'so i said', 'ĳsselmeer ǆ now', 'a _win_ b',
      // The scan's fast path (ASCII, then below U+0300 without ß) against its edges: keyword at either end, regex specials, words glued by _ or digits.
      'win', 'WIN', 'win2', '2win', 'twin wins', 'a.b a b', 'axb', '[x] (x)', 'ONE two THREE', 'Straße win', 'Ⱥ win', 'ⱥ', 'naïve win', 'ÿ win', 'éwin', 'winé Now', 'ſwin', 'OKAY', 'iſ é', 'IS é', 'é is×',
    ];
    // Vectors of 2,048 rows, so the worker takes part of each; pairs make rows longer than DuckDB inlines (12 bytes).
    const pair = (i: number) => (i % 11 === 0 ? null : `${edges[(i * 31) % edges.length] ?? ''} ${edges[(i * 17) % edges.length] ?? ''}`);
    const text = scanThreads === 2 ? [...edges, ...Array.from({ length: 6000 - edges.length }, (_, i) => pair(i))] : edges;
    const n = text.length;
    const pick = <T,>(values: T[]) => Array.from({ length: n }, (_, i) => values[i % values.length]);
    const columns: Column[] = [
      { name: 'text', data: text, type: 'STRING' },
      { name: 'author', data: pick(['Bob', null, '', 'ALICE', 'alice', 'İrem', 'irem']), type: 'STRING' },
      { name: 'score', data: pick([' 12 ', '1e3', 'abc', '', null, 'Infinity', '-0', '.5', '5', '5.', '+.5', '0x10', '\u00a07\u00a0', '1_0', '-Infinity', 'NaN']), type: 'STRING' },
      { name: 'amount', data: pick([1, 2.5, null, Number.NaN, -3, 1e21, 0]), type: 'DOUBLE' },
    ];
    const lfs: LfDef[] = [
      kw('istanbul', 1, ['istanbul']),
      kw('odos', 1, ['οδος']),
      kw('strasse', 1, ['STRAẞE']),
      kw('cafe', 0, ['café'], { caseSensitive: true }),
      kw('dollars', 1, ['$$$']),
      kw('win', 1, ['win']),
      kw('all', 0, ['one', 'three'], { match: 'all' }),
      kw('fine', 0, ['fine'], { wholeWord: false }),
      kw('i-dot', 1, ['i'], { wholeWord: true }),
      kw('lodz', 0, ['łódź', 'izmir']),
      kw('ij', 1, ['ĳsselmeer ǆ']),
      kw('latin1', 0, ['àéî'], { caseSensitive: true }),
      kw('latin1-ci', 1, ['àéî ø']),
      kw('specials', 0, ['a.b', '[x]', '(x)'], { wholeWord: false }),
      kw('specials-ww', 1, ['a.b', '[x]'], { caseSensitive: true }),
      kw('glued', 0, ['win'], { caseSensitive: true }),
      kw('author-kw', 1, ['bob', 'İrem'], { field: 'author' }),
      kw('author-sub', 0, ['LIC'], { field: 'author', wholeWord: false, caseSensitive: true }),
      kw('a-bar', 1, ['ⱥ'], { wholeWord: false }),
      rx('price', 1, '\\$\\d+\\.\\d{2}'),
      rx('blank', 0, '^\\s*$'),
      rx('emoji-u', 1, 'a.c', 'u'),
      rx('star', 1, 'x.*y'),
      rx('paren', 0, '\\(x\\)'),
      rx('e-acute', 1, 'é', 'i'),
      rx('end', 0, 'k$', 'i'),
      rx('dots', 1, 'line.break', 'su'),
      rx('author-re', 1, '^[A-Z]', '', 'author'),
      rx('tab', 0, '\\t'),
      rx('word-b', 1, '\\bok\\b'),
      rx('prop', 1, '\\p{Lu}{2}', 'u'),
      // Behind a substring test of their words (ASCII rows only where case-insensitive).
      rx('words-i', 1, '\\b(?:WIN|now|kelvin)\\b', 'i'),
      rx('words', 0, '^(?:win|ok)'),
      // Decided by the scan on ASCII rows; Latin neighbours (not word characters to JavaScript's \b) go to the regex.
      rx('words-cs', 0, '\\b(?:win|Now)\\b'),
      rx('words-sub', 1, 'WIN|ok', 'i'),
      // Unicode case folding (i with u): ſ matches s, so beyond ASCII the regex decides.
      rx('words-iu', 0, 'is|win', 'iu'),
      { id: 'bob', name: 'bob', vote: 0, condition: { kind: 'metadata', field: 'author', values: ['Bob', ''] } },
      { id: 'alice', name: 'alice', vote: 1, condition: { kind: 'metadata', field: 'author', values: ['ALICE', 'İREM'], caseSensitive: false } },
      { id: 'score-big', name: 'score-big', vote: 1, condition: { kind: 'number', field: 'score', op: '>', value: 10 } },
      { id: 'score-unit', name: 'score-unit', vote: 0, condition: { kind: 'number', field: 'score', op: 'between', value: 0, max: 1 } },
      { id: 'score-ne', name: 'score-ne', vote: 1, condition: { kind: 'number', field: 'score', op: '!=', value: 5 } },
      { id: 'amount', name: 'amount', vote: 1, condition: { kind: 'number', field: 'amount', op: '>=', value: 2 } },
      { id: 'amount-ne', name: 'amount-ne', vote: 0, condition: { kind: 'number', field: 'amount', op: '!=', value: 0 } },
      { id: 'no-words', name: 'no-words', vote: 0, condition: { kind: 'length', unit: 'words', op: '==', value: 0 } },
      { id: 'few-chars', name: 'few-chars', vote: 1, condition: { kind: 'length', op: 'between', value: 1, max: 3 } },
      { id: 'not-a', name: 'not-a', vote: 0, condition: { kind: 'not', condition: { kind: 'or', conditions: [{ kind: 'keyword', keywords: ['a'], match: 'any', wholeWord: false, caseSensitive: true }, { kind: 'length', op: '<', value: 2 }] } } },
    ];
    const spec = specOf(lfs, ['author', 'score', 'amount'], 'snorkel');
    const app = appPath(spec, columns);
    const sql = await sqlPath(spec, columns, `edge-${keywordScan}-${scanThreads}`, keywordScan, scanThreads);
    expectSame(app, sql, lfs.length);
    if (scanThreads === 2) expect(sql.result.scanSplit!.split).toBeGreaterThan(1);
  });

  it('more keyword tests than one scan function holds (38 keyword LFs) take two and agree', async () => {
    const words = 'the you and this to is my a i it of for on video song love check channel subscribe please like youtube music best new out me so now just all your will have be can are get'.split(' ');
    const lfs = words.map((w, j) => kw(`w${j}`, j % 2, [w], { wholeWord: j % 3 !== 0, caseSensitive: j % 4 === 0 }));
    expect(compileVotes(lfs, { dialect: duckdb, keywordScan: true }).scans.map((f) => f.tests.length)).toEqual([MAX_SCAN_TESTS, 38 - MAX_SCAN_TESTS]);
    const spec = specOf(lfs, [], 'mv');
    const texts = youtubeTexts().slice(0, 300);
    const columns: Column[] = [
      { name: 'id', data: texts.map((_, i) => `yt-${i}`), type: 'STRING' },
      { name: 'text', data: texts, type: 'STRING' },
    ];
    const sql = await sqlPath(spec, columns, 'youtube-45');
    expect(sql.result.rows).toBe(300);
    expectSame(appPath(spec, columns), sql, lfs.length);
  });
});
