import { checkThreshold, dedupeTexts } from '../core/curation/dedupe';
import { SiftError } from '../core/errors';
import { parseOptions } from './args';
import { readCsvFile, type CsvTable } from './csv-file';

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['csv', 'threshold', 'text-column', 'id-column']);
  const csv = options.get('csv');
  const threshold = options.get('threshold');
  if (!csv || threshold === undefined) throw new SiftError('usage/dedupe', 'dedupe needs --csv F.csv and --threshold J (Jaccard, in (0, 1]).');
  const report = dedupeReport(readCsvFile(csv, 'csv'), parseThreshold(threshold), options.get('text-column') ?? 'text', options.get('id-column') ?? 'id');
  process.stdout.write(JSON.stringify(report) + '\n');
}

export function parseThreshold(value: string): number {
  const threshold = value.trim() === '' ? NaN : Number(value);
  if (Number.isNaN(threshold)) throw new SiftError('usage/threshold', `--threshold must be a number in (0, 1]; got "${value}".`);
  checkThreshold(threshold);
  return threshold;
}

/** Ids come from the id column, or are the 1-based row numbers when the file has none. */
export function dedupeReport(table: CsvTable, threshold: number, textColumn: string, idColumn: string) {
  const text = table.columns.indexOf(textColumn);
  if (text < 0) throw new SiftError('usage/text-column', `${table.name} has no column "${textColumn}"; its columns are ${table.columns.join(', ')}. Pick one with --text-column.`);
  const idAt = table.columns.findIndex((c) => c.toLowerCase() === idColumn.toLowerCase());
  const ids = table.rows.map((row, i) => (idAt >= 0 ? row[idAt] : String(i + 1)));
  const result = dedupeTexts(
    table.rows.map((row) => row[text]),
    { threshold },
  );
  return {
    pairs: result.pairs.map(([a, b, j]) => [ids[a], ids[b], Math.round(j * 1e6) / 1e6]),
    clusters: result.clusters.map((c) => c.map((i) => ids[i])),
    keep: result.keep.map((i) => ids[i]),
  };
}
