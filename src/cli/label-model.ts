import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SiftError } from '../core/errors';
import { parseWrenchDataset, wrenchSplits, type WrenchFiles, type WrenchSplit } from '../core/formats/wrench';
import {
  ARGMAX,
  classPriorFromLabels,
  evaluatePrediction,
  evaluateSplit,
  fitAuto,
  fitLabelModel,
  judgeOnDev,
  methodNames,
  predict,
  type Decision,
  type FitOptions,
  type LabelModelParams,
  type MethodName,
  type VoteMatrix,
  weightedDevCrossFit,
} from '../core/labelmodel/index';
import { devWarnings, metricLabel, metricNames, resolveMetric, type MetricName, type MetricSpec } from '../core/metrics/selection';
import { choice, integer, parseOptions } from './args';

const methods = [...methodNames, 'auto'] as const;

export function readWrenchFolder(dir: string): WrenchFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SiftError('usage/wrench', `--wrench ${dir}: no such folder.`);
  const files: WrenchFiles = {};
  for (const name of ['label.json', ...wrenchSplits.map((s) => `${s}.json`)] as (keyof WrenchFiles)[]) {
    const path = join(dir, name);
    if (existsSync(path)) files[name] = readFileSync(path, 'utf8');
  }
  return files;
}

const matrixOf = (split: WrenchSplit, k: number): VoteMatrix => ({ n: split.n, m: split.m, k, votes: split.votes });

/** Six significant decimals: enough for any use of a probability, and a readable JSONL file. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function writeJsonl(path: string, rows: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    let buffer = '';
    for (const row of rows) {
      buffer += row + '\n';
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
}

export interface LabelModelRequest {
  wrench: string;
  method: MethodName | 'auto';
  seed: number;
  out?: string;
  ties: 'random' | 'abstain';
  /** 'model': each method's own class prior; 'dev' (default): the class balance of the dev labels. */
  prior?: 'model' | 'dev';
  /** The selection metric (default macro_f1). */
  metric?: MetricSpec;
  /** 'dev' (default): threshold / class weights tuned on dev for the metric; 'argmax': the top class. */
  decision?: 'dev' | 'argmax';
}

/** CLI flags shared with `pipeline`: --metric NAME [--positive CLASS]. */
export function metricSpecOf(options: Map<string, string>): MetricSpec {
  const name = choice(options.get('metric'), metricNames.filter((m) => m !== 'cost') as MetricName[], 'macro_f1', 'metric');
  const positive = options.get('positive');
  if (positive !== undefined && name !== 'f1') throw new SiftError('usage/positive', `--positive names the class whose F1 is the metric; it needs --metric f1 (got --metric ${name}).`);
  return { name, positive };
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['wrench', 'method', 'seed', 'out', 'ties', 'prior', 'metric', 'positive', 'decision']);
  const wrench = options.get('wrench');
  if (!wrench) throw new SiftError('usage/wrench', 'label-model needs --wrench DIR (a folder with label.json, train.json, valid.json, test.json).');
  const result = labelModel({
    wrench,
    method: choice(options.get('method'), methods, 'auto', 'method'),
    seed: integer(options.get('seed'), 0, 'seed'),
    out: options.get('out'),
    ties: choice(options.get('ties'), ['random', 'abstain'] as const, 'random', 'ties'),
    prior: choice(options.get('prior'), ['model', 'dev'] as const, 'dev', 'prior'),
    metric: metricSpecOf(options),
    decision: choice(options.get('decision'), ['dev', 'argmax'] as const, 'dev', 'decision'),
  });
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Fits on the train votes only; dev (valid) gold is used for method selection ("auto"), the decision
 * threshold, the class prior (--prior dev, the default) and wmv's source accuracies, all by the
 * metric; test is only scored. Returns the JSON object the command prints; writes the JSONL file
 * when asked.
 */
export function labelModel(request: LabelModelRequest): Record<string, unknown> {
  const { wrench: dir, method, seed, ties } = request;
  const priorSource = request.prior ?? 'dev';

  const dataset = parseWrenchDataset(readWrenchFolder(dir));
  const { k, splits } = dataset;
  const metric = resolveMetric(request.metric ?? { name: 'macro_f1' }, dataset.classes);
  const tune = (request.decision ?? 'dev') === 'dev';
  const train = matrixOf(splits.train, k);
  const dev = { matrix: matrixOf(splits.valid, k), labels: splits.valid.gold };
  const fitOptions: FitOptions = { seed, ties, dev };
  if (priorSource === 'dev') fitOptions.classPrior = classPriorFromLabels(splits.valid.gold, k);
  const warnings = devWarnings(metric, dev.labels, dataset.classes);
  const scoring = { metric, tune, seed };

  const started = performance.now();
  let params: LabelModelParams;
  let candidates: unknown;
  let decision: Decision = ARGMAX;
  let selectedBy: string | undefined;
  if (method === 'auto') {
    const auto = fitAuto(train, { ...dev, keys: splits.valid.ids }, fitOptions, methodNames, scoring);
    params = auto.params;
    decision = auto.decision;
    selectedBy = auto.reason;
    warnings.push(...auto.warnings);
    candidates = auto.candidates.map((c) => ({ method: c.method, dev_metric: c.metric, dev_accuracy: c.accuracy, dev_macro_f1: c.macroF1, one_class: c.degenerate, fit_ms: round(c.fitMs) }));
  } else {
    params = fitLabelModel(train, method, fitOptions);
  }
  const fitMs = performance.now() - started;

  // Dev labels that shaped the model would flatter its dev score: score (and tune on) the cross-fitted one.
  const devPrediction = predict(params, dev.matrix);
  if (params.usesDevLabels) devPrediction.probs = weightedDevCrossFit(dev, k, params.prior);
  if (method !== 'auto') {
    const judged = judgeOnDev(devPrediction, k, dev.labels, splits.valid.ids, scoring);
    decision = judged.decision;
    if (judged.degenerate) warnings.push(`${method} predicts one class for every dev item while dev holds several; "auto" would not pick it.`);
  }
  const evaluate = { seed, decision, metric };
  const evaluations = Object.fromEntries(
    wrenchSplits.map((name) => [name, evaluateSplit(params, matrixOf(splits[name], k), splits[name].gold, { ...evaluate, keys: splits[name].ids })]),
  ) as Record<(typeof wrenchSplits)[number], ReturnType<typeof evaluateSplit>>;
  evaluations.valid = evaluatePrediction(devPrediction, k, dev.labels, { ...evaluate, keys: splits.valid.ids });

  const out = request.out;
  if (out) {
    writeJsonl(
      out,
      (function* () {
        for (const name of wrenchSplits) {
          const { prediction, labels } = evaluations[name];
          const ids = splits[name].ids;
          for (let i = 0; i < ids.length; i++) {
            const probs = Array.from(prediction.probs.subarray(i * k, (i + 1) * k), round);
            yield JSON.stringify({ id: ids[i], split: name, label: labels[i], probs, covered: prediction.covered[i] === 1 });
          }
        }
      })(),
    );
  }

  const result: Record<string, unknown> = {
    method: params.method,
    valid: evaluations.valid.scores,
    test: evaluations.test.scores,
    fit_ms: round(fitMs),
  };
  result.metric = metricLabel(metric, dataset.classes);
  result.decision = decision;
  if (selectedBy) result.selected_by = selectedBy;
  if (candidates) result.candidates = candidates;
  result.classes = dataset.classes;
  result.prior = priorSource;
  if (warnings.length) result.warnings = warnings;
  if (params.method === 'mv') result.ties = params.ties;
  result.iterations = params.iterations;
  result.note = params.usesDevLabels ? `${params.note} Valid scores are cross-fitted (each dev item scored with accuracies from the others).` : params.note;
  return result;
}
