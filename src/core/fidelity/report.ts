// The fidelity report for two item sets (synthetic vs real, batch vs batch) over their shared columns.
import type { StringTable } from '../drift/columns';
import { DETECTION_DEFAULTS, detection, type DetectionOptions, type DetectionResult } from './detection';
import { prepareTables, sortedPair, type PreparedTables } from './prepare';
import { PAIR_DEFAULTS, pairTrendsBounded, type PairOptions, type PairSample } from './pair-sample';
import { columnShape, type ColumnShape, type PairTrend, type UndefinedPair } from './shapes';
import { columnCoverage, columnTail, type CategoricalTail, type ColumnCoverage, type NumericTail } from './tails';

export interface FidelityReport {
  column_shapes: number | null;
  /** Mean over every pair, or its estimate from a sample of pairs on wide tables (see pairs_sampled). */
  column_pair_trends: number | null;
  /** Mean of the two scores above (of the one that exists when the table has a single column). */
  quality: number | null;
  columns: Record<string, ColumnShape>;
  /** Every scored pair, or the sampled ones when pairs_sampled is set. */
  pairs: PairTrend[];
  /** Null when every pair was scored; else the sample behind column_pair_trends and its 95 % interval. */
  pairs_sampled: PairSample | null;
  /** Pairs left out of column_pair_trends, each with why (a constant column has no correlation). */
  undefined_pairs: UndefinedPair[];
  tails: Record<string, NumericTail | CategoricalTail>;
  coverage: { score: number | null; columns: Record<string, ColumnCoverage> };
  detection: DetectionResult | null;
  skipped: PreparedTables['skipped'];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function fidelityOfPrepared(prepared: PreparedTables, options: DetectionOptions = DETECTION_DEFAULTS, pairOptions: PairOptions = PAIR_DEFAULTS): FidelityReport {
  const columns: Record<string, ColumnShape> = {};
  const tails: FidelityReport['tails'] = {};
  const coverage: Record<string, ColumnCoverage> = {};
  // Each numeric column is sorted once for its shape and tails, into the same two arrays.
  const numeric = prepared.columns.some((c) => c.kind === 'numeric');
  const buffers = numeric ? { real: new Float64Array(prepared.realRows), synthetic: new Float64Array(prepared.syntheticRows) } : undefined;
  for (const column of prepared.columns) {
    const sorted = column.kind === 'numeric' ? sortedPair(column, buffers) : undefined;
    columns[column.name] = columnShape(column, sorted);
    tails[column.name] = columnTail(column, sorted);
    coverage[column.name] = columnCoverage(column);
  }
  const { pairs, undefinedPairs, score: trends, sample } = pairTrendsBounded(prepared.columns, pairOptions);
  const shapes = mean(Object.values(columns).map((c) => c.score));
  const parts = [shapes, trends].filter((x): x is number => x !== null);
  return {
    column_shapes: shapes,
    column_pair_trends: trends,
    quality: mean(parts),
    columns,
    pairs,
    pairs_sampled: sample,
    undefined_pairs: undefinedPairs,
    tails,
    coverage: { score: mean(Object.values(coverage).map((c) => c.score)), columns: coverage },
    detection: prepared.columns.length ? detection(prepared.columns, prepared.realRows, prepared.syntheticRows, options) : null,
    skipped: prepared.skipped,
  };
}

export function fidelityReport(real: StringTable, synthetic: StringTable, options: DetectionOptions = DETECTION_DEFAULTS, pairOptions: PairOptions = PAIR_DEFAULTS): FidelityReport {
  return fidelityOfPrepared(prepareTables(real, synthetic), options, pairOptions);
}
