import Papa from 'papaparse';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SiftError } from '../../core/errors';
import type { PatternCounts, PatternLabels } from '../../core/spec/counts';

/** The counts query's output as Spark writes it: one CSV file or a folder of part files, header v0…v(m−1), n. */
export function readCountsCsv(path: string, m: number, k: number): PatternCounts {
  if (!existsSync(path)) throw new SiftError('usage/counts', `--counts ${path}: no such file or folder.`);
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.csv') || /^part-/.test(f)).filter((f) => !f.endsWith('.crc')).map((f) => join(path, f))
    : [path];
  if (files.length === 0) throw new SiftError('usage/counts', `${path} holds no CSV part files.`);
  const votes: number[] = [];
  const counts: number[] = [];
  const expected = [...Array.from({ length: m }, (_, j) => `v${j}`), 'n'];
  for (const file of files) {
    const parsed = Papa.parse<string[]>(readFileSync(file, 'utf8').trim(), { skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    if (!header) continue;
    if (header.join(',') !== expected.join(',')) throw new SiftError('counts-header', `${file}: the header is "${header.join(',')}", expected "${expected.join(',')}" (the counts query of this spec).`, { file });
    rows.forEach((row, r) => {
      for (let j = 0; j < m; j++) {
        const vote = Number(row[j]);
        if (!Number.isInteger(vote) || vote < -1 || vote >= k) throw new SiftError('counts-invalid', `${file} row ${r + 2}: v${j} is "${row[j]}"; votes are −1 … ${k - 1}.`, { file });
        votes.push(vote);
      }
      counts.push(Number(row[m]));
    });
  }
  return { m, k, size: counts.length, votes: Int8Array.from(votes), counts: Float64Array.from(counts) };
}

export function patternsCsv(counts: PatternCounts, labels: PatternLabels): string {
  const { m, k, size } = counts;
  const header = [...Array.from({ length: m }, (_, j) => `v${j}`), ...Array.from({ length: k }, (_, c) => `p${c}`), 'label', 'confidence', 'covered', 'tied_mask'];
  const lines = [header.join(',')];
  for (let q = 0; q < size; q++) {
    const row: (number | boolean)[] = [];
    for (let j = 0; j < m; j++) row.push(counts.votes[q * m + j]);
    // Nine significant digits: a float32 probability survives the round trip exactly.
    for (let c = 0; c < k; c++) row.push(Number(labels.probs[q * k + c].toPrecision(9)));
    row.push(labels.label[q], Number(labels.confidence[q].toPrecision(9)), labels.covered[q] === 1, labels.tiedMask[q]);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
