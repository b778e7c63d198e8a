import { fitIndices } from '../canary';
import { SiftError } from '../errors';
import { applyHistogram, fitHistogram, type HistogramCalibrator } from './histogram';
import { calibrationReport, checkProbs, type CalibrationReport, type ProbMatrix } from './metrics';
import { applyTemperature, fitTemperature } from './temperature';

export * from './metrics';
export { applyTemperature, fitTemperature } from './temperature';
export { applyHistogram, fitHistogram, type HistogramCalibrator } from './histogram';

export type CalibrationMethod = 'temperature' | 'histogram';

export type Calibrator = { method: 'temperature'; temperature: number } | { method: 'histogram'; histogram: HistogramCalibrator } | { method: 'none' };

export interface CalibrationFit {
  calibrator: Calibrator;
  /** On the dev items it was fitted on. */
  before: CalibrationReport;
  after: CalibrationReport;
}

/**
 * Fits a calibrator on dev labels only (the canary guard hands out the indices), and reports ECE, MCE,
 * Brier and NLL before and after on those dev items.
 */
export function fitCalibration(m: ProbMatrix, labels: Int16Array, splits: Uint8Array, method: CalibrationMethod): CalibrationFit {
  checkProbs(m);
  if (labels.length !== m.n || splits.length !== m.n) throw new SiftError('calibration-shape', `Calibration got ${m.n} probability rows, ${labels.length} labels and ${splits.length} splits.`);
  const dev = fitIndices(splits, 'calibration', 'dev');
  const before = calibrationReport(m, labels, dev);
  if (before.count === 0) throw new SiftError('calibration-no-labels', 'Calibration needs labeled dev items: draw a dev set (Splits…) with labeled items first.');
  const calibrator: Calibrator =
    method === 'temperature' ? { method, temperature: fitTemperature(m, labels, dev) } : { method, histogram: fitHistogram(m, labels, dev) };
  const after = calibrationReport({ ...m, probs: applyCalibrator(m, calibrator) }, labels, dev);
  return { calibrator, before, after };
}

export function applyCalibrator(m: ProbMatrix, calibrator: Calibrator): Float32Array {
  if (calibrator.method === 'temperature') return applyTemperature(m, calibrator.temperature);
  if (calibrator.method === 'histogram') return applyHistogram(m, calibrator.histogram);
  return m.probs.slice();
}
