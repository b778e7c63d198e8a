import { SiftError } from '../errors';
import { classPriorFromLabels, evaluatePrediction, fitLabelModel, predict, type MethodName, type VoteMatrix } from '../labelmodel/index';
import { mulberry32, shuffleInPlace } from '../random';
import { rankQueue, type Strategy } from './queue';

export const simulationStrategies = ['default', 'random', 'uncertainty', 'margin', 'entropy', 'disagreement'] as const;
export type SimulationStrategy = (typeof simulationStrategies)[number];

export interface ReviewSimulation {
  k: number;
  train: VoteMatrix;
  /** Gold labels of the train items, revealed only for the items the queue picks. */
  trainGold: ArrayLike<number>;
  dev: VoteMatrix;
  devGold: ArrayLike<number>;
  test: VoteMatrix;
  testGold: ArrayLike<number>;
  method: MethodName;
  budget: number;
  step: number;
  strategy: SimulationStrategy;
  seed: number;
}

export interface CurvePoint {
  labels: number;
  test: { accuracy: number; macro_f1: number; f1: number | null };
}

/**
 * The review loop with a simulated reviewer: fit the label model, rank the train pool, reveal the gold
 * label of the next `step` picks, refit, until `budget` labels. What a revealed label changes: it
 * joins the dev labels as a labeled item with its votes, so it sharpens what the label model learns
 * from labels (wmv's source accuracies) and the class prior, which every method receives here.
 * Test items are scored only, never picked; dev items are never picked either.
 * 'default' is margin over covered items: an item no source votes on teaches a label model nothing.
 */
export function simulateReview(sim: ReviewSimulation): { curve: CurvePoint[]; picked: number[] } {
  const { k, train, dev, test, step, budget } = sim;
  if (!(step > 0) || !(budget >= 0)) throw new SiftError('usage/simulate', `--step must be > 0 and --budget ≥ 0; got step ${step}, budget ${budget}.`);
  const random = mulberry32(sim.seed);
  const randomOrder = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), random);
  const revealed: number[] = [];
  const isRevealed = new Uint8Array(train.n);
  const covered = new Uint8Array(train.n);
  for (let i = 0; i < train.n; i++) for (let s = 0; s < train.m; s++) if (train.votes[i * train.m + s] >= 0) covered[i] = 1;
  const curve: CurvePoint[] = [];
  let randomCursor = 0;

  for (;;) {
    const labeled = labeledSet(sim, revealed);
    const params = fitLabelModel(train, sim.method, { seed: sim.seed, dev: labeled, classPrior: classPriorFromLabels(labeled.labels, k) });
    const scores = evaluatePrediction(predict(params, test), k, sim.testGold, { seed: sim.seed }).scores;
    curve.push({ labels: revealed.length, test: { accuracy: scores.accuracy, macro_f1: scores.macro_f1, f1: scores.f1 ?? null } });
    if (revealed.length >= Math.min(budget, train.n)) break;
    const want = Math.min(step, budget - revealed.length);
    let picks: ArrayLike<number>;
    if (sim.strategy === 'random') {
      const out: number[] = [];
      while (out.length < want && randomCursor < randomOrder.length) {
        const i = randomOrder[randomCursor++];
        if (!isRevealed[i]) out.push(i);
      }
      picks = out;
    } else {
      const eligible = new Uint8Array(train.n);
      for (let i = 0; i < train.n; i++) eligible[i] = isRevealed[i] ? 0 : sim.strategy === 'default' ? covered[i] : 1;
      const strategy: Strategy = sim.strategy === 'default' ? 'margin' : sim.strategy;
      const probs = predict(params, train).probs;
      picks = rankQueue(strategy, { n: train.n, k, probs, eligible, votes: train.votes, m: train.m }, { batch: want });
    }
    if (picks.length === 0) break;
    for (let p = 0; p < picks.length; p++) {
      isRevealed[picks[p]] = 1;
      revealed.push(picks[p]);
    }
  }
  return { curve, picked: revealed };
}

/** Dev items plus the revealed train items, as one labeled vote matrix. */
function labeledSet(sim: ReviewSimulation, revealed: number[]): { matrix: VoteMatrix; labels: Int32Array } {
  const { dev, train } = sim;
  const m = dev.m;
  const votes = new Int8Array((dev.n + revealed.length) * m);
  votes.set(dev.votes);
  revealed.forEach((i, r) => votes.set(train.votes.subarray(i * m, (i + 1) * m), (dev.n + r) * m));
  const labels = new Int32Array(dev.n + revealed.length);
  for (let i = 0; i < dev.n; i++) labels[i] = sim.devGold[i];
  revealed.forEach((i, r) => (labels[dev.n + r] = sim.trainGold[i]));
  return { matrix: { n: dev.n + revealed.length, m, k: sim.k, votes }, labels };
}
