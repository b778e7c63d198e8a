// Does a synthetic batch teach what the real rows teach? A small, deterministic student — one-vs-rest
// logistic regression on standardised numbers and one-hot categories — is trained on different row
// sets and scored on the labeled canary. A report only: nothing here chooses, tunes or accepts anything.
import { columnKind, isMissing, type StringTable } from '../drift/columns';
import { SiftError } from '../errors';
import { classificationReport } from '../metrics/classification';
import { fitLogistic, predictLogistic, type LogisticModel, type SparseRows } from '../stats/logistic';

/** One-hot columns per categorical column: its most frequent categories on the fit rows. */
const MAX_CATEGORIES = 20;

/**
 * Rows of `table` as sparse features. Scaling and the category list come from `fitRows` only, so the
 * rows a student is scored on shape nothing. A missing or unparsable number is the mean (0).
 */
export function encodeRows(table: StringTable, fitRows: ArrayLike<number>): SparseRows {
  const n = table.columns[0]?.length ?? 0;
  type Block = { width: number; at: (row: number) => [number, number] | null };
  const blocks: Block[] = [];
  for (const cells of table.columns) {
    const fit = Array.from(fitRows, (r) => cells[r]);
    const kind = columnKind(fit);
    if (kind === 'empty') continue;
    if (kind === 'numeric') {
      const values = fit.filter((c) => !isMissing(c)).map(Number);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
      if (sd === 0) continue;
      blocks.push({ width: 1, at: (row) => {
        const v = isMissing(cells[row]) ? NaN : Number(cells[row]);
        return Number.isFinite(v) && v !== mean ? [0, (v - mean) / sd] : null;
      } });
    } else {
      const counts = new Map<string, number>();
      for (const c of fit) if (!isMissing(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES).map(([c]) => c);
      const slot = new Map(top.map((c, i) => [c, i]));
      blocks.push({ width: top.length, at: (row) => (slot.has(cells[row]) ? [slot.get(cells[row])!, 1] : null) });
    }
  }
  const entries: [number, number][][] = [];
  const start = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const row: [number, number][] = [];
    let offset = 0;
    for (const block of blocks) {
      const e = block.at(r);
      if (e) row.push([offset + e[0], e[1]]);
      offset += block.width;
    }
    entries.push(row);
    start[r + 1] = start[r] + row.length;
  }
  const index = new Uint32Array(start[n]);
  const value = new Float32Array(start[n]);
  entries.flat().forEach(([j, v], t) => ((index[t] = j), (value[t] = v)));
  return { d: blocks.reduce((s, b) => s + b.width, 0), start, index, value };
}

export interface StudentScore {
  /** Rows trained on, and their total weight (equal unless weighted). */
  trainRows: number;
  trainWeight: number;
  accuracy: number;
  macroF1: number;
  /** F1 per class on the scored rows. */
  classF1: number[];
}

/**
 * One-vs-rest logistic regression fitted on `trainRows` (optionally weighted per row), predicting the
 * class with the highest score; scored on `evalRows` against `labels`. A class absent from training is
 * never predicted.
 */
export function trainAndScore(x: SparseRows, labels: ArrayLike<number>, k: number, trainRows: Uint32Array, evalRows: Uint32Array, weights?: ArrayLike<number>): StudentScore {
  const rows = weights ? trainRows.filter((r) => weights[r] > 0) : trainRows;
  if (rows.length === 0) throw new SiftError('student-check/no-rows', 'The student has no labeled rows to train on.');
  if (evalRows.length === 0) throw new SiftError('student-check/no-canary', 'No labeled canary items to score the student on: draw a canary set and label it.');
  const present = new Set(Array.from(rows, (r) => labels[r]));
  const models: (LogisticModel | null)[] = Array.from({ length: k }, (_, c) => {
    if (!present.has(c)) return null;
    const y = Float64Array.from({ length: labels.length }, (_, i) => (labels[i] === c ? 1 : 0));
    return fitLogistic(x, y, rows, { l2: 1e-2, weights });
  });
  const gold = Int16Array.from(evalRows, (r) => labels[r]);
  const predicted = Int16Array.from(evalRows, (r) => {
    let best = -1;
    let bestScore = -Infinity;
    models.forEach((m, c) => {
      if (!m) return;
      const p = predictLogistic(m, x, r);
      if (p > bestScore) (bestScore = p), (best = c);
    });
    return best;
  });
  const report = classificationReport(gold, predicted, k);
  return {
    trainRows: rows.length,
    trainWeight: weights ? rows.reduce((s, r) => s + weights[r], 0) : rows.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    classF1: Array.from(report.f1),
  };
}
