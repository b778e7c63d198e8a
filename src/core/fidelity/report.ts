// The fidelity report for two item sets (synthetic vs real, batch vs batch) over their shared columns.
import type { StringTable } from '../drift/columns';
import { DETECTION_DEFAULTS, detection, type DetectionOptions, type DetectionResult } from './detection';
import { prepareTables, sortedPair, type PreparedTables } from './prepare';
import { columnShape, pairTrends, type ColumnShape, type PairTrend, type UndefinedPair } from './shapes';
import { columnCoverage, columnTail, type CategoricalTail, type ColumnCoverage, type NumericTail } from './tails';

export interface FidelityReport {
  column_shapes: number | null;
  column_pair_trends: number | null;
  /** Mean of the two scores above (of the one that exists when the table has a single column). */
  quality: number | null;
  columns: Record<string, ColumnShape>;
  pairs: PairTrend[];
  /** Pairs left out of column_pair_trends, each with why (a constant column has no correlation). */
  undefined_pairs: UndefinedPair[];
  tails: Record<string, NumericTail | CategoricalTail>;
  coverage: { score: number | null; columns: Record<string, ColumnCoverage> };
  detection: DetectionResult | null;
  skipped: PreparedTables['skipped'];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function fidelityOfPrepared(prepared: PreparedTables, options: DetectionOptions = DETECTION_DEFAULTS): FidelityReport {
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
  const { pairs, undefinedPairs } = pairTrends(prepared.columns);
  const shapes = mean(Object.values(columns).map((c) => c.score));
  const trends = mean(pairs.map((p) => p.score));
  const parts = [shapes, trends].filter((x): x is number => x !== null);
  return {
    column_shapes: shapes,
    column_pair_trends: trends,
    quality: mean(parts),
    columns,
    pairs,
    undefined_pairs: undefinedPairs,
    tails,
    coverage: { score: mean(Object.values(coverage).map((c) => c.score)), columns: coverage },
    detection: prepared.columns.length ? detection(prepared.columns, prepared.realRows, prepared.syntheticRows, options) : null,
    skipped: prepared.skipped,
  };
}

export function fidelityReport(real: StringTable, synthetic: StringTable, options: DetectionOptions = DETECTION_DEFAULTS): FidelityReport {
  return fidelityOfPrepared(prepareTables(real, synthetic), options);
}
