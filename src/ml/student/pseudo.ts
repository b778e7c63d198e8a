import type * as tfl from '@tensorflow/tfjs-layers';
import { applyCalibrator, fitCalibration, type CalibrationMethod, type Calibrator } from '../../core/calibration/index';
import { SiftError, throwIfAborted } from '../../core/errors';
import type { FeatureMatrix } from '../../core/student/features';
import type { StudentPlan } from '../../core/student/plan';
import { buildTargets, type ConfidenceWeighting } from '../../core/student/targets';
import { acceptByThreshold, manualThresholds, thresholdsForPrecision, type ClassThreshold } from '../../core/student/thresholds';
import { devScore, predictProbs, trainStudent, type EpochReport, type TrainConfig } from './train';

/**
 * Pseudo-labeling: train on the seeds, predict the pool, calibrate on dev, accept pool items whose
 * calibrated confidence passes their class's threshold, train again on seeds + accepted, and repeat
 * while the dev score improves (at most `rounds` times). Every fit reads dev or seed rows from the
 * plan, which the canary guard made; canary items are never predicted here.
 */
export type ThresholdRule =
  | { mode: 'manual'; values: number[] }
  | { mode: 'precision'; target: number }
  /** Each round tries these precision targets and keeps the one whose student scores best on dev by the dataset's metric. */
  | { mode: 'metric'; targets: number[] };

/** What one precision target gave in a round of the 'metric' rule (dev only). */
export interface ThresholdCandidate {
  target: number;
  accepted: number;
  devMetric: number;
}

export interface PseudoOptions {
  rounds: number;
  thresholds: ThresholdRule;
  calibration: CalibrationMethod | 'none';
  /** α and T of the loss on accepted items (α = 0: hard pseudo-labels only). */
  alpha: number;
  temperature: number;
  weighting: ConfidenceWeighting;
  /** Optional teacher probabilities (n×k) blended into round 1's pool predictions instead of the seed model's. */
  teacherProbs?: Float32Array | null;
  /**
   * The dataset's metric on dev probabilities (dev order, higher is better), with `tolerance` (differences
   * under it go to the lower NLL). It drives early stopping, the kept round and the 'metric' rule; without
   * it, dev accuracy does.
   */
  devMetric?: { score: (devProbs: Float32Array) => number; tolerance: number };
}

export interface RoundRecord {
  round: number;
  seeds: number;
  accepted: number;
  acceptedPerClass: number[];
  thresholds: ClassThreshold[] | number[] | null;
  calibrator: Calibrator | null;
  dev: { accuracy: number; nll: number; metric?: number };
  /** The 'metric' rule's tries in this round, and the target it kept. */
  candidates?: ThresholdCandidate[];
  keptTarget?: number;
  history: EpochReport[];
  bestEpoch: number;
  /** Whether this round beat every earlier one on dev (accuracy, then NLL). */
  improved: boolean;
  note: string;
}

export interface PseudoHooks {
  signal?: AbortSignal;
  onEpoch?: (round: number, report: EpochReport, total: number) => void;
  onRound?: (record: RoundRecord) => void | Promise<void>;
}

type DevResult = { accuracy: number; nll: number; metric?: number };

function better(a: DevResult, b: DevResult | null, tolerance = 0): boolean {
  if (!b) return true;
  if (a.metric !== undefined && b.metric !== undefined) return a.metric > b.metric + tolerance || (Math.abs(a.metric - b.metric) <= tolerance && a.nll < b.nll);
  return a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.nll < b.nll);
}

export async function pseudoLabel(features: FeatureMatrix, plan: StudentPlan, splits: Uint8Array, k: number, config: TrainConfig, options: PseudoOptions, hooks: PseudoHooks = {}): Promise<{ model: tfl.LayersModel; rounds: RoundRecord[]; bestRound: number }> {
  const dev = { rows: plan.devRows, labels: plan.devLabels };
  const tolerance = options.devMetric?.tolerance ?? 0;
  // Early stopping watches the same dev score that keeps a round.
  const devWatch = options.devMetric ? { ...dev, score: options.devMetric.score, tolerance } : dev;
  if (plan.devRows.length === 0) {
    throw new SiftError('student/no-dev', 'Pseudo-labeling needs labeled dev items to calibrate, pick thresholds and decide when to stop; label some dev items (or hold out part of the seeds).');
  }
  if (!Number.isInteger(options.rounds) || options.rounds < 1 || options.rounds > 20) throw new SiftError('student/rounds', `Rounds must be a whole number from 1 to 20; got ${options.rounds}.`);
  const n = splits.length;
  const rounds: RoundRecord[] = [];
  let best: { model: tfl.LayersModel; score: DevResult; round: number } | null = null;
  let accepted: { rows: Uint32Array; labels: Int16Array; perClass: Int32Array } = { rows: new Uint32Array(0), labels: new Int16Array(0), perClass: new Int32Array(k) };
  let softProbs: Float32Array | null = null;
  try {
    for (let round = 0; round <= options.rounds; round++) {
      throwIfAborted(hooks.signal);
      let calibrator: Calibrator | null = null;
      let thresholds: ClassThreshold[] | number[] | null = null;
      let candidates: { target: number; chosen: ClassThreshold[] | number[] }[] | null = null;
      if (round > 0) {
        // Pool and dev predictions of the best model so far (or the teacher's, when given, in round 1).
        const full = new Float32Array(n * k);
        const rows = Uint32Array.from([...plan.devRows, ...plan.poolRows]);
        if (round === 1 && options.teacherProbs) full.set(options.teacherProbs.subarray(0, n * k));
        else {
          const probs = await predictProbs(best!.model, features, rows, 512, hooks.signal);
          for (let t = 0; t < rows.length; t++) full.set(probs.subarray(t * k, (t + 1) * k), rows[t] * k);
        }
        let calibrated: Float32Array = full;
        if (options.calibration !== 'none' && plan.devRows.length > 0) {
          calibrator = fitCalibration({ n, k, probs: full }, plan.devColumn, splits, options.calibration).calibrator;
          calibrated = applyCalibrator({ n, k, probs: full }, calibrator);
        }
        softProbs = calibrated;
        const rule = options.thresholds;
        if (rule.mode === 'metric') {
          if (!options.devMetric) throw new SiftError('student/thresholds', 'Choosing thresholds by the metric needs the dataset\u2019s metric on dev.');
          candidates = rule.targets.map((target) => ({ target, chosen: thresholdsForPrecision(calibrated, k, plan.devColumn, plan.devRows, splits, target) }));
        } else {
          thresholds = rule.mode === 'manual' ? manualThresholds(rule.values, k) : thresholdsForPrecision(calibrated, k, plan.devColumn, plan.devRows, splits, rule.target);
        }
      }
      const tries = candidates ?? [{ target: NaN, chosen: thresholds }];
      let kept: { trained: Awaited<ReturnType<typeof trainStudent>>; score: DevResult; accepted: typeof accepted; thresholds: ClassThreshold[] | number[] | null; target: number } | null = null;
      const tried: ThresholdCandidate[] = [];
      for (const attempt of tries) {
        const taken = attempt.chosen ? acceptByThreshold(softProbs!, k, plan.poolRows, attempt.chosen.map((t) => (typeof t === 'number' ? t : t.threshold))) : accepted;
        const targets = buildTargets({
          k,
          splits,
          purpose: 'training',
          seedRows: plan.seedRows,
          seedLabels: plan.seedLabels,
          softRows: taken.rows,
          softProbs: softProbs ?? undefined,
          alpha: round === 0 ? 0 : options.alpha,
          temperature: options.temperature,
          weighting: options.weighting,
        });
        const trained = await trainStudent(features, targets, devWatch, { ...config, name: `${config.name ?? 'sift_student'}` }, {
          signal: hooks.signal,
          onEpoch: (report, total) => hooks.onEpoch?.(round, report, total),
        });
        const probs = await predictProbs(trained.model, features, plan.devRows, 512, hooks.signal);
        const score: DevResult = { ...devScore(probs, plan.devLabels, k), ...(options.devMetric ? { metric: options.devMetric.score(probs) } : {}) };
        if (candidates) tried.push({ target: attempt.target, accepted: taken.rows.length, devMetric: score.metric! });
        if (!kept || better(score, kept.score, tolerance)) {
          kept?.trained.model.dispose();
          kept = { trained, score, accepted: taken, thresholds: attempt.chosen, target: attempt.target };
        } else trained.model.dispose();
      }
      const { trained, score } = kept!;
      accepted = kept!.accepted;
      thresholds = kept!.thresholds;
      const improved = better(score, best?.score ?? null, tolerance);
      const record: RoundRecord = {
        round,
        seeds: plan.seedRows.length,
        accepted: accepted.rows.length,
        acceptedPerClass: Array.from(accepted.perClass),
        thresholds,
        calibrator,
        dev: score,
        ...(tried.length ? { candidates: tried, keptTarget: kept!.target } : {}),
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        improved,
        note: round === 0 ? 'seeds only' : `seeds + ${accepted.rows.length} pseudo-labels`,
      };
      rounds.push(record);
      await hooks.onRound?.(record);
      if (improved) {
        best?.model.dispose();
        best = { model: trained.model, score, round };
      } else {
        trained.model.dispose();
        break;
      }
    }
    return { model: best!.model, rounds, bestRound: best!.round };
  } catch (error) {
    best?.model.dispose();
    throw error;
  }
}
