import { writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { SiftError } from '../core/errors';
import { fidelityReport } from '../core/fidelity/report';
import { balancingCounts, smote } from '../core/synthetic/smote';
import { integer, parseOptions } from './args';
import { readCsvTable } from './read-table';

/**
 * `sift smote --table A.csv --label COL [--per-class N | --balance] [--k 5] [--seed 1] [--out B.csv]`:
 * SMOTE rows per class (N per class, or up to the largest class), written as CSV with the real columns;
 * prints the per-class weights and the fidelity report of the batch against the real table.
 */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['table', 'label', 'per-class', 'k', 'seed', 'out'], ['balance']);
  const path = options.get('table');
  const label = options.get('label');
  if (!path || !label) throw new SiftError('usage/missing', 'smote needs --table A.csv and --label COLUMN.');
  const table = readCsvTable(path, 'table');
  let counts: Record<string, number>;
  if (options.has('balance')) counts = balancingCounts(table, label);
  else {
    const perClass = integer(options.get('per-class'), NaN, 'per-class');
    if (!(perClass >= 0)) throw new SiftError('usage/missing', 'smote needs --per-class N or --balance.');
    counts = Object.fromEntries(Object.keys(balancingCounts(table, label)).map((cls) => [cls, perClass]));
  }
  const result = smote(table, { label, counts, k: integer(options.get('k'), 5, 'k'), seed: integer(options.get('seed'), 1, 'seed') });
  const out = options.get('out');
  if (out) {
    const rows = result.rows.map((_, r) => result.table.columns.map((col) => col[r]));
    writeFileSync(out, Papa.unparse({ fields: result.table.names, data: rows }) + '\n');
  }
  const fidelity = fidelityReport(table, result.table);
  process.stdout.write(JSON.stringify({ rows: result.rows.length, counts, weights: result.weights, fidelity }, null, 2) + '\n');
}
