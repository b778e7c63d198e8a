import { SiftError } from '../core/errors';
import { DEFAULT_HASHED_NGRAMS } from '../core/features/text-hash';
import { parseWrenchDataset } from '../core/formats/wrench';
import { methodNames } from '../core/labelmodel/index';
import { resolveMetric } from '../core/metrics/selection';
import { loopStrategies } from '../core/review/loop-pick';
import { simulateReview, simulationStrategies } from '../core/review/simulate';
import { hashTexts } from '../core/student/features';
import { simulateLoop } from '../ml/review-loop';
import { REFIT_LOSS_BALANCE } from '../core/review/reviewed-weight';
import { lossBalances } from '../core/student/balance';
import { choice, integer, parseOptions } from './args';
import { readWrenchFolder } from './label-model';

/**
 * `sift simulate-review`: by default each refit is the app's Refit (label model → calibration → a
 * student on hashed n-grams of data.text, the revealed labels as seeds → next batch ranked on the
 * student, its loss plain or class-weighted as dev decides, `--student-balance`); `--student none`
 * refits the label model alone, as before.
 */
export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['wrench', 'metric', 'budget', 'step', 'strategy', 'seed', 'method', 'student', 'student-balance']);
  const dir = options.get('wrench');
  if (!dir) throw new SiftError('usage/wrench', 'simulate-review needs --wrench DIR (a folder with label.json, train.json, valid.json, test.json).');
  const metric = choice(options.get('metric'), ['accuracy', 'macro_f1', 'f1'] as const, 'macro_f1', 'metric');
  const student = choice(options.get('student'), ['linear', 'mlp', 'none'] as const, 'linear', 'student');
  const balance = choice(options.get('student-balance'), lossBalances, REFIT_LOSS_BALANCE, 'student-balance');
  const dataset = parseWrenchDataset(readWrenchFolder(dir));
  const { k, splits } = dataset;
  const method = choice(options.get('method'), methodNames, 'wmv', 'method');
  const budget = integer(options.get('budget'), 200, 'budget');
  const step = integer(options.get('step'), 20, 'step');
  const seed = integer(options.get('seed'), 0, 'seed');
  let curve: { labels: number; test: { accuracy: number; macro_f1: number; f1: number | null } }[];
  if (student === 'none') {
    const matrix = (name: 'train' | 'valid' | 'test') => ({ n: splits[name].n, m: splits[name].m, k, votes: splits[name].votes });
    const strategy = choice(options.get('strategy'), simulationStrategies, 'default', 'strategy');
    curve = simulateReview({ k, train: matrix('train'), trainGold: splits.train.gold, dev: matrix('valid'), devGold: splits.valid.gold, test: matrix('test'), testGold: splits.test.gold, method, budget, step, strategy, seed }).curve;
  } else {
    const strategy = choice(options.get('strategy'), loopStrategies, 'default', 'strategy');
    const parts = [splits.train, splits.valid, splits.test];
    for (const split of parts) {
      if (!split.data.text || split.data.text.some((t) => typeof t !== 'string')) throw new SiftError('simulate/no-text', `${split.name}.json: every item needs data.text for the student's text features (or pass --student none).`);
    }
    const features = hashTexts(parts.flatMap((s) => s.data.text as string[]), DEFAULT_HASHED_NGRAMS);
    const result = await simulateLoop({ k, splits, features }, { method, metric: resolveMetric({ name: metric }, dataset.classes), budget, step, strategy, seed, student: { arch: student }, balance });
    curve = result.curve.map((p) => ({ labels: p.labels, test: p.testReport, chosen: p.chosen, dev: { student: p.student.dev, label_model: p.labelModel.dev } }));
  }
  const first = curve[0].test[metric];
  const last = curve[curve.length - 1].test[metric];
  process.stdout.write(JSON.stringify({ metric, start: first, end: last, curve }) + '\n');
}
