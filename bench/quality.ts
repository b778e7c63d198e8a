// npm run bench -- quality [--seeds N] [--search N] [--only NAME]
// The whole loop (label model → calibration → student search → which labels win), every choice made
// on dev by the set's metric, over every dataset the repo has, for several seeds. Writes
// bench/results/quality.json: per dataset and seed, the metric on dev and canary (WRENCH's test split)
// for the label model and the student, ECE, and the settings picked. For catching regressions: never
// tune anything on the canary numbers it prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWrenchDataset } from '../src/core/formats/wrench';
import { evaluateSplit, fitLabelModel } from '../src/core/labelmodel/index';
import { resolveMetric, type MetricSpec } from '../src/core/metrics/selection';
import { hashTexts } from '../src/core/student/features';
import { readWrenchFolder } from '../src/cli/label-model';
import { PIPELINE_FEATURES, pipelineOn, type PipelineData } from '../src/cli/pipeline';
import { argValue } from './lib/app';
import { fieldTableData, type FieldLf } from './lib/field-table';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface Dataset {
  name: string;
  metric: MetricSpec;
  about: string;
  /** Seed-dependent for sets without a fixed split. */
  load: (seed: number) => PipelineData;
}

function wrench(dir: string): (seed: number) => PipelineData {
  return () => {
    const d = parseWrenchDataset(readWrenchFolder(join(root, dir)));
    const { train, valid, test } = d.splits;
    const texts = [...train.data.text, ...valid.data.text, ...test.data.text] as string[];
    return { k: d.k, classes: d.classes, splits: d.splits, features: hashTexts(texts, PIPELINE_FEATURES), featuresNote: `hashed n-grams, dim ${PIPELINE_FEATURES.dim}` };
  };
}

/**
 * Wine field LFs, written from the class profiles in the UCI description (cultivar 0: strong, proline
 * rich; 1: light, pale; 2: deeply coloured, low flavanoids and hue), not tuned on this harness.
 */
const WINE_LFS: FieldLf[] = [
  { field: 'alcohol', op: '>=', value: 13.5, vote: 0 },
  { field: 'proline', op: '>=', value: 1000, vote: 0 },
  { field: 'flavanoids', op: '>=', value: 2.8, vote: 0 },
  { field: 'alcohol', op: '<=', value: 12.3, vote: 1 },
  { field: 'color_intensity', op: '<=', value: 3.5, vote: 1 },
  { field: 'flavanoids', op: '<=', value: 1.0, vote: 2 },
  { field: 'hue', op: '<=', value: 0.75, vote: 2 },
  { field: 'color_intensity', op: '>=', value: 7, vote: 2 },
];

/** Wine: a seeded 60/20/20 split into train (unlabelled pool), dev and canary; standardised fields for the student. */
function wine(seed: number): PipelineData {
  return fieldTableData({ csvPath: join(here, 'data/wine/wine.csv'), labelField: 'cultivar', classes: ['cultivar_0', 'cultivar_1', 'cultivar_2'], lfs: WINE_LFS, seedSalt: 0x3173, trainName: 'train' }, seed);
}

export const datasets: Dataset[] = [
  { name: 'youtube', metric: { name: 'accuracy' }, about: 'WRENCH youtube (balanced, binary; WRENCH reports accuracy)', load: wrench('public/sample/wrench_youtube') },
  { name: 'youtube_spam10', metric: { name: 'f1' }, about: 'WRENCH youtube with SPAM cut to 10 % (bench/data/youtube_spam10); F1 of SPAM', load: wrench('bench/data/youtube_spam10') },
  { name: 'wine', metric: { name: 'macro_f1' }, about: 'UCI wine, 3 cultivars, 8 field LFs, seeded 60/20/20 split; macro-F1', load: wine },
];

type Split = { metric: number; ece: number; accuracy: number; coverage: number };
const pick = (s: Split) => ({ metric: round(s.metric), accuracy: round(s.accuracy), ece: round(s.ece), coverage: round(s.coverage) });
const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x);

export async function run(args: string[]): Promise<void> {
  const seeds = argValue(args, '--seeds', 3);
  const search = argValue(args, '--search', 6);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const results: Record<string, unknown>[] = [];
  for (const dataset of datasets.filter((d) => !only || d.name === only)) {
    for (let seed = 0; seed < seeds; seed++) {
      const data = dataset.load(seed);
      const started = performance.now();
      const r = (await pipelineOn(data, { method: 'auto', student: 'linear', seed, metric: dataset.metric, search })) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      // References from the literature's rows (argmax, each model's own prior): not used by any choice.
      const metric = resolveMetric(dataset.metric, data.classes);
      const reference = Object.fromEntries(
        (['mv', 'snorkel'] as const).map((method) => {
          const params = fitLabelModel({ ...data.splits.train, k: data.k }, method, { seed });
          return [method, round(evaluateSplit(params, { ...data.splits.test, k: data.k }, data.splits.test.gold, { seed, keys: data.splits.test.ids, metric }).scores.metric)];
        }),
      );
      const row = {
        dataset: dataset.name,
        seed,
        metric: r.metric,
        label_model: { method: r.label_model.method, decision: r.label_model.decision, dev: pick(r.label_model.valid), canary: pick(r.label_model.test) },
        student: { dev: pick(r.student_calibrated.valid), canary: pick(r.student_calibrated.test), uncalibrated_canary_ece: round(r.student.test.ece), decision: r.student_calibrated.decision },
        settings: { ...r.search.picked, class_weights: r.search.class_weights, trials: r.search.trials.length },
        labels_from: r.labels_from,
        why: r.why,
        canary_reference: reference,
        warnings: r.warnings ?? [],
        seconds: round((performance.now() - started) / 1000),
      };
      results.push(row);
      console.log(`${dataset.name} seed ${seed}: ${r.metric} canary LM ${row.label_model.canary.metric} (${row.label_model.method}), student ${row.student.canary.metric} (ECE ${row.student.canary.ece}); mv ${reference.mv}, snorkel ${reference.snorkel}; labels from ${r.labels_from}`);
    }
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  const out = { bench: 'quality', date: new Date().toISOString(), datasets: datasets.map(({ name, metric, about }) => ({ name, metric, about })), notes: 'canary = the WRENCH test split (or the seeded 20 % of wine); every choice is made on dev. canary_reference: majority vote and the Snorkel-style model with argmax and their own priors, for comparison only.', results };
  writeFileSync(join(here, 'results', only ? `quality-${only}.json` : 'quality.json'), JSON.stringify(out, null, 2) + '\n');
}
