import { SiftError } from '../core/errors';
import { parseWrenchDataset } from '../core/formats/wrench';
import { methodNames } from '../core/labelmodel/index';
import { simulateReview, simulationStrategies } from '../core/review/simulate';
import { choice, integer, parseOptions } from './args';
import { readWrenchFolder } from './label-model';

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['wrench', 'metric', 'budget', 'step', 'strategy', 'seed', 'method']);
  const dir = options.get('wrench');
  if (!dir) throw new SiftError('usage/wrench', 'simulate-review needs --wrench DIR (a folder with label.json, train.json, valid.json, test.json).');
  const metric = choice(options.get('metric'), ['accuracy', 'macro_f1', 'f1'] as const, 'macro_f1', 'metric');
  const dataset = parseWrenchDataset(readWrenchFolder(dir));
  const { k, splits } = dataset;
  const matrix = (name: 'train' | 'valid' | 'test') => ({ n: splits[name].n, m: splits[name].m, k, votes: splits[name].votes });
  const result = simulateReview({
    k,
    train: matrix('train'),
    trainGold: splits.train.gold,
    dev: matrix('valid'),
    devGold: splits.valid.gold,
    test: matrix('test'),
    testGold: splits.test.gold,
    method: choice(options.get('method'), methodNames, 'wmv', 'method'),
    budget: integer(options.get('budget'), 200, 'budget'),
    step: integer(options.get('step'), 20, 'step'),
    strategy: choice(options.get('strategy'), simulationStrategies, 'default', 'strategy'),
    seed: integer(options.get('seed'), 0, 'seed'),
  });
  const first = result.curve[0].test[metric];
  const last = result.curve[result.curve.length - 1].test[metric];
  process.stdout.write(JSON.stringify({ metric, start: first, end: last, curve: result.curve }) + '\n');
}
