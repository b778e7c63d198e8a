import type * as tfl from '@tensorflow/tfjs-layers';
import { SiftError } from '../../core/errors';
import { tuneDecision } from '../../core/labelmodel/decision';
import { metricScore, type SelectionMetric } from '../../core/metrics/selection';
import { balanceClasses, lossBalances, probRows, undoClassWeights, type LossBalance } from '../../core/student/balance';
import type { FeatureMatrix } from '../../core/student/features';
import type { TrainingTargets } from '../../core/student/targets';
import { predictProbs, trainStudent, type EpochReport, type TrainConfig, type TrainHooks } from './train';

export { lossBalances, type LossBalance };

export interface BalancedDev {
  rows: Uint32Array;
  labels: Int16Array;
}

export interface LossCandidate {
  weighted: boolean;
  /** The dataset's metric on dev, decision tuned on dev, from the undone probabilities. */
  devMetric: number;
}

export interface BalancedStudent {
  model: tfl.LayersModel;
  history: EpochReport[];
  bestEpoch: number;
  /** The kept model's class weights (all 1 for the plain loss): its raw outputs divided by these, renormalised, are `probs`. */
  classWeights: Float64Array;
  /** Every row's probabilities under the data's own balance. */
  probs: Float32Array;
  kept: LossCandidate;
  candidates: LossCandidate[];
}

/**
 * Trains a student with the loss `balance` names (core/student/balance): for 'dev' the plain and the
 * class-weighted one, keeping the higher dev metric (a tie keeps the plain one). The review Refit's
 * student and the review benchmark's loop run this one function, so what `npm run bench -- review`
 * measured is what the app trains.
 */
export async function trainWithLossBalance(features: FeatureMatrix, targets: TrainingTargets, dev: BalancedDev, config: TrainConfig, balance: LossBalance, metric: SelectionMetric, options: TrainHooks & { decisionSeed?: number; onCandidate?: (weighted: boolean) => void } = {}): Promise<BalancedStudent> {
  if (!lossBalances.includes(balance)) throw new SiftError('student/balance', `The loss balance is one of ${lossBalances.join(', ')}; got ${String(balance)}.`);
  if (dev.rows.length === 0) throw new SiftError('student/no-dev', 'The class-weighted loss is judged on dev, and no dev item has a label: label dev items first.');
  const { k } = targets;
  const fit = async (weighted: boolean) => {
    options.onCandidate?.(weighted);
    const loss = weighted ? balanceClasses(targets) : { targets, classWeights: new Float64Array(k).fill(1) };
    const undo = (p: Float32Array) => (weighted ? undoClassWeights(p, k, loss.classWeights) : p);
    const score = (p: Float32Array) => metricScore(metric, tuneDecision(undo(p), k, dev.labels, metric).value);
    const trained = await trainStudent(features, loss.targets, { rows: dev.rows, labels: dev.labels, score, tolerance: 1 / dev.rows.length }, config, options);
    try {
      const probs = undo(await predictProbs(trained.model, features, null, 512, options.signal));
      const devMetric = tuneDecision(probRows(probs, k, dev.rows), k, dev.labels, metric, { seed: options.decisionSeed }).value;
      return { model: trained.model, history: trained.history, bestEpoch: trained.bestEpoch, classWeights: loss.classWeights, probs, kept: { weighted, devMetric } };
    } catch (error) {
      trained.model.dispose();
      throw error;
    }
  };
  let kept = await fit(balance === 'on');
  const candidates = [kept.kept];
  if (balance === 'dev') {
    let other;
    try {
      other = await fit(true);
    } catch (error) {
      kept.model.dispose();
      throw error;
    }
    candidates.push(other.kept);
    if (metricScore(metric, other.kept.devMetric) > metricScore(metric, kept.kept.devMetric)) [kept, other] = [other, kept];
    other.model.dispose();
  }
  return { ...kept, candidates };
}
