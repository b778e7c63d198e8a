import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { KeywordScanner, MAX_SCAN_TESTS, type ScanTest } from '../../core/sql/keyword-scan';
import { EDGE_TEXTS, kw, SCAN_TESTS, seededDraws } from '../../core/sql/keyword-scan-cases';
import { ScanSplit, type EachRow } from './scan-split';

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

type Layout = 'spans' | 'own' | 'one-buffer';

/**
 * A vector's rows as the scan function is handed them. 'spans' as VarcharBytes reads DuckDB's strings:
 * NULL as empty, ≤ 12 bytes from the vector's 16-byte records, longer rows in shared spans of at most
 * 64 KB with 4-byte gaps; 'own': a buffer per row; 'one-buffer': all rows in one buffer (copied row by
 * row when it passes 64 KB).
 */
function rowsOf(texts: (string | null)[], layout: Layout): EachRow {
  const bytes = texts.map((t) => (t === null ? null : encoder.encode(t)));
  if (layout === 'own') return (visit) => bytes.forEach((b, row) => visit(row, b ?? EMPTY, 0, b?.length ?? 0));
  if (layout === 'one-buffer') {
    const offsets = [0];
    for (const b of bytes) offsets.push(offsets[offsets.length - 1] + (b?.length ?? 0) + 3);
    const all = new Uint8Array(offsets[offsets.length - 1]).fill(0xc3);
    bytes.forEach((b, row) => all.set(b ?? EMPTY, offsets[row]));
    return (visit) => bytes.forEach((b, row) => visit(row, all, offsets[row], offsets[row] + (b?.length ?? 0)));
  }
  const records = new Uint8Array(texts.length * 16);
  bytes.forEach((b, row) => b && b.length <= 12 && records.set(b, row * 16 + 4));
  return (visit) => {
    let row = 0;
    while (row < bytes.length) {
      const b = bytes[row];
      if (b === null || b.length <= 12) {
        visit(row, b === null ? EMPTY : records, b === null ? 0 : row * 16 + 4, b === null ? 0 : row * 16 + 4 + b.length);
        row++;
        continue;
      }
      let last = row + 1;
      let size = b.length;
      while (last < bytes.length && (bytes[last]?.length ?? 0) > 12 && size + 4 + bytes[last]!.length <= 64 * 1024) size += 4 + bytes[last++]!.length;
      // Whole before its first row is visited, as a native read gives it.
      const span = new Uint8Array(size).fill(0xe2);
      const starts: number[] = [];
      for (let r = row, at = 0; r < last; at += bytes[r++]!.length + 4) {
        span.set(bytes[r]!, at);
        starts.push(at);
      }
      for (let at = 0; row < last; row++, at++) visit(row, span, starts[at], starts[at] + bytes[row]!.length);
    }
  };
}

/** The single-thread scan: each row on its own. */
const single = (scanner: KeywordScanner, texts: (string | null)[]) => texts.map((t) => scanner.scanBytes(t === null ? EMPTY : encoder.encode(t)));

function scanSplit(split: ScanSplit, index: number, scanner: KeywordScanner, texts: (string | null)[], layout: Layout): number[] {
  const masks = new Array<number>(texts.length).fill(-1);
  split.scan(index, scanner, texts.length, rowsOf(texts, layout), (row, mask) => {
    expect(masks[row], `row ${row} written twice`).toBe(-1);
    masks[row] = mask;
  });
  return masks;
}

function randomTexts(count: number, seed: number): (string | null)[] {
  const pieces = ['refund', 'Invoice', 'billing', 'pay2', 'win', 'Ok', 'charge', 'broken', 'timeout', 'Exception', 'a.b', '(x)', '$$$', 'sign-in', '2fa', 'k', '_x', 'ab', 'bc', ' ', ' ', '-', '_', 'é', 'ü', 'Ü', 'ß', 'straße', 'İstanbul', 'ΟΔΟΣ', 'café', 'cafe\u0301', '😀', 'ſ', '\u212a', '×', 'Ⱥ', '\u02ff', '\t', '\n'];
  const { rand } = seededDraws(seed);
  return Array.from({ length: count }, () => (rand(40) === 0 ? null : Array.from({ length: rand(rand(8) === 0 ? 300 : 30) }, () => pieces[rand(pieces.length)]).join('')));
}

const splits: ScanSplit[] = [];
async function start(tests: readonly (readonly ScanTest[])[], options = {}): Promise<ScanSplit> {
  const split = await ScanSplit.start(tests, options);
  splits.push(split);
  return split;
}
afterEach(async () => {
  await Promise.all(splits.splice(0).map((s) => s.close()));
});

describe('split keyword scan', () => {
  const texts = [...EDGE_TEXTS, null, ...randomTexts(4000, 3)];

  it.each([true, false])('gives the single-thread masks on edge and random texts (ASCII, Latin, other scripts, NULL), whatever the vector size and row layout (steal %s)', async (steal) => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS], { steal });
    const expected = single(scanner, texts);
    const nonAscii = texts.filter((t) => t !== null && /[^\x00-\x7f]/.test(t)).length;
    const slow = texts.filter((t) => t !== null && (/[^\x00-\u02ff]/.test(t) || t.includes('ß'))).length;
    expect(nonAscii).toBeGreaterThan(1000);
    expect(slow).toBeGreaterThan(500);
    for (const layout of ['spans', 'own', 'one-buffer'] as const) {
      for (const size of [1, 7, 255, 256, 257, 1000, 2048]) {
        for (let from = 0; from + size <= texts.length; from += size * 3 + 1) {
          const vector = texts.slice(from, from + size);
          expect(scanSplit(split, 0, scanner, vector, layout), `${layout}, ${size} rows from ${from}`).toEqual(expected.slice(from, from + size));
        }
      }
    }
    expect(split.stats.split).toBeGreaterThan(20);
    expect(split.stats.vectors).toBeGreaterThan(split.stats.split);
    // The worker scanned rows (all of its parts without stealing).
    if (steal) expect(split.stats.stolenRows).toBeLessThan(split.stats.partRows);
    else expect(split.stats.stolenRows).toBe(0);
  });

  it('splits vectors of one row and more when told to (minSplitRows 1)', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS], { minSplitRows: 1, steal: false });
    const expected = single(scanner, texts);
    for (let size = 1; size <= 12; size++) {
      for (let from = 0; from + size <= 600; from += size) expect(scanSplit(split, 0, scanner, texts.slice(from, from + size), 'spans')).toEqual(expected.slice(from, from + size));
    }
    // A one-row vector goes wholly to the worker; from two rows on, both scan.
    expect(split.stats.split).toBe(split.stats.vectors);
  });

  it('grows its shared buffers for long rows and for more rows than they hold', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS]);
    const long = randomTexts(3000, 9).map((t, i) => (t === null ? null : `${t} ${'refund é '.repeat(i % 400)} ${t}`));
    const bytes = long.reduce((sum, t) => sum + (t === null ? 0 : encoder.encode(t).length), 0);
    expect(bytes).toBeGreaterThan(4 * 1024 * 1024);
    for (const layout of ['spans', 'own', 'one-buffer'] as const) expect(scanSplit(split, 0, scanner, long, layout), layout).toEqual(single(scanner, long));
  });

  it('answers each scan function with its own scanner', async () => {
    const other: ScanTest[] = [kw(['win'], 'any', false, true), kw(['ü', 'é'], 'all', false, false), { kind: 'fast' }];
    const scanners = [new KeywordScanner(SCAN_TESTS), new KeywordScanner(other)];
    const split = await start([SCAN_TESTS, other]);
    for (let round = 0; round < 6; round++) {
      const index = round % 2;
      const vector = texts.slice(round * 500, round * 500 + 500);
      expect(scanSplit(split, index, scanners[index], vector, 'spans')).toEqual(single(scanners[index], vector));
    }
  });

  it('refuses to start when the worker cannot build its scanners, with its reason', async () => {
    const tooMany = Array.from({ length: MAX_SCAN_TESTS + 1 }, () => kw(['a'], 'any', false, false));
    await expect(ScanSplit.start([tooMany])).rejects.toThrow(/The keyword-scan thread could not start: keyword-scan: 32 tests, at most 31/);
  });

  it('fails the vector with the worker\'s error, and every later one at once', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    // Without stealing the Node thread waits for the worker's part, so the error meets this vector.
    const split = await start([SCAN_TESTS], { steal: false });
    const vector = texts.slice(0, 600);
    expect(() => scanSplit(split, 3, scanner, vector, 'spans')).toThrow(/the keyword-scan thread failed: asked for scan function 3, but it has 1/);
    expect(split.failure).toMatch(/asked for scan function 3/);
    expect(() => scanSplit(split, 0, scanner, vector, 'spans')).toThrow(/asked for scan function 3/);
  });

  it('fails, not hangs, when the worker has exited', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS]);
    const vector = texts.slice(0, 600);
    expect(scanSplit(split, 0, scanner, vector, 'spans')).toEqual(single(scanner, vector));
    // A crash from outside: the worker is gone before the next vector.
    await (split as unknown as { worker: Worker }).worker.terminate();
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => scanSplit(split, 0, scanner, vector, 'spans')).toThrow(/the keyword-scan thread exited \(code 1\)/);
  });

  it('fails, not hangs, when the worker does not answer in time', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS], { minSplitRows: 2, timeoutMs: 1, timeoutMsPerMB: 0, steal: false });
    // Tens of ms of scanning for the worker's row, 1 ms allowed.
    const huge = 'refund win '.repeat(3_000_000);
    expect(() => scanSplit(split, 0, scanner, [huge, 'x'], 'own')).toThrow(/the keyword-scan thread did not answer within 0\.0 s \(1 rows, 33000000 bytes\)/);
    expect(() => scanSplit(split, 0, scanner, ['a', 'b'], 'own')).toThrow(/did not answer within/);
  });

  it('refuses further vectors after one failed while the worker had part of it (its late count would corrupt the next)', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS]);
    const vector = texts.slice(0, 600);
    const failing = (row: number) => {
      if (row === 599) throw new Error('output full');
    };
    expect(() => split.scan(0, scanner, vector.length, rowsOf(vector, 'spans'), failing)).toThrow(/output full/);
    expect(() => scanSplit(split, 0, scanner, vector, 'spans')).toThrow(/a vector failed while the keyword-scan thread had part of it: output full/);
  });

  it('refuses to scan once closed', async () => {
    const scanner = new KeywordScanner(SCAN_TESTS);
    const split = await start([SCAN_TESTS]);
    await split.close();
    expect(() => scanSplit(split, 0, scanner, texts.slice(0, 300), 'spans')).toThrow(/the keyword-scan thread was closed/);
  });
});
