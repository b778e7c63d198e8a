/**
 * One case of `npm run bench -- train` in a fresh browser: the dataset is imported as the app imports
 * it (data worker, IndexedDB on disk), and the student is trained by the app's own student worker
 * (`train`: features, backend choice by measurement, training, prediction of every item, saving), with
 * the Students tab's default settings. The time is the page's wall clock around that one call, as a
 * user waits for it. `engine=tfjs` is the code path before issue 15 (TF.js ops, batch 32).
 */
import { parseWrenchDataset, type WrenchFiles } from '../../src/core/formats/wrench';
import { DEFAULT_METRIC, scoreLabels } from '../../src/core/metrics/selection';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { planRows } from '../../src/core/student/plan';
import { NO_LABEL, Split } from '../../src/core/types';
import { readColumn } from '../../src/data/columns';
import { db } from '../../src/data/db';
import { loadLabelState } from '../../src/data/labels';
import { listSources, probsColumn } from '../../src/data/sources';
import { readSplits } from '../../src/data/splits';
import { dataWorker, studentWorker, weakWorker } from '../../workers/clients';
import type { StudentRequest } from '../../workers/student/run-student';
import { synthetic5k, youtubeLink3 } from '../lib/student-sets';

const status = document.getElementById('status')!;

async function files(set: string): Promise<WrenchFiles> {
  if (set === 'synthetic5k') return synthetic5k();
  const youtube: WrenchFiles = {};
  for (const name of ['label.json', 'train.json', 'valid.json', 'test.json'] as const) youtube[name] = await (await fetch(`/sample/wrench_youtube/${name}`)).text();
  return set === 'youtube_link3' ? youtubeLink3(youtube) : youtube;
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const set = query.get('set')!;
  const kind = query.get('case') as 'mlp' | 'linear' | 'pseudo' | 'distill';
  const engine = query.get('engine') as 'js' | 'tfjs';
  const wrench = await files(set);
  const parsed = parseWrenchDataset(wrench);
  status.textContent = 'importing';
  const blobs = Object.entries(wrench).map(([name, text]) => new File([text], name));
  const dataset = await dataWorker.call('importWrench', { datasetId: 'bench', name: set, files: blobs });
  const labels = (await loadLabelState(dataset.id, dataset.itemCount)).state.label.slice();
  const splits = await readSplits(dataset);
  const train = parsed.splits.train;
  for (let i = 0; i < train.n; i++) if (splits[i] !== Split.train) throw new Error(`item ${i} is not a train item: the import order is not train first`);
  // Human labels on the train items: all of them (students on human labels), a seeded 10 % (pseudo-
  // labelling needs a pool), none (distillation learns the pool from the label model).
  const share = kind === 'pseudo' ? 0.1 : kind === 'distill' ? 0 : 1;
  const order = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), mulberry32(7));
  for (let j = 0; j < Math.round(share * train.n); j++) labels[order[j]] = train.gold[order[j]];
  let teacher: StudentRequest['teacher'] = null;
  if (kind === 'distill') {
    status.textContent = 'label model';
    const sources = await listSources(dataset.id);
    const lm = await weakWorker.call('labelModel', { datasetId: dataset.id, sourceIds: sources.map((s) => s.id), labels, splits, method: 'auto', ties: 'random', priorFromDev: true, seed: 0 });
    teacher = { key: lm.summary.runId, calibrated: false };
  }
  const before = engine === 'tfjs';
  // The Students tab's defaults for text (StudentForm.tsx).
  const request: StudentRequest = {
    datasetId: dataset.id,
    name: `${kind} ${engine}`,
    labels,
    splits,
    features: { kind: 'hashed-ngrams', dim: 16_384 },
    arch: kind === 'mlp' ? 'mlp' : 'linear',
    mode: kind === 'pseudo' ? 'pseudo' : kind === 'distill' ? 'distill' : 'seeds',
    devSeeds: true,
    teacher,
    temperature: 1,
    alpha: 1,
    weighting: 'none',
    rounds: 3,
    thresholds: { mode: 'precision', target: 0.95 },
    calibration: 'temperature',
    train: { hidden: 64, epochs: 30, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 5, ...(before ? { engine: 'tfjs' as const } : {}) },
    backend: 'auto',
  };
  status.textContent = 'training';
  const started = performance.now();
  const summary = await studentWorker.call('train', request);
  const seconds = (performance.now() - started) / 1000;
  // The dev items the student did not train on (the held-out quarter), as the run scored them.
  const plan = planRows(labels, splits, { devSeeds: 'holdout', holdout: 0.25, seed: 0 });
  const k = dataset.classes.length;
  const probs = await readColumn((await db().datasets.get(dataset.id))!, probsColumn(summary.sourceId), Float32Array, k);
  const predicted = Array.from(plan.devRows, (row) => {
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[row * k + c] > probs[row * k + top]) top = c;
    return top;
  });
  const gold = Array.from(plan.devRows, (row) => labels[row]);
  if (gold.some((y) => y === NO_LABEL)) throw new Error('a held-out dev item has no label');
  await window.benchDone({
    set,
    case: kind,
    engine,
    seconds,
    items: dataset.itemCount,
    seeds: summary.seeds,
    pool: summary.pool,
    dev_items: plan.devRows.length,
    dev_accuracy: summary.dev?.accuracy ?? null,
    dev_macro_f1: scoreLabels(DEFAULT_METRIC, gold, predicted, k),
    epochs: summary.history.length,
    best_epoch: summary.bestEpoch,
    rounds: summary.rounds.length,
    backend: summary.backend.backend,
    userAgent: navigator.userAgent,
  });
}

main().catch((error) => window.benchFail(error instanceof Error ? `${error.message}\n${error.stack}` : String(error)));
