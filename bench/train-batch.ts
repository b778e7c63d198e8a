// npm run bench -- train-batch [--batches 32,64,128,256] [--seeds 2] [--first-layer dense,lazy]
// How the student's batch size trades time for dev quality, on sets that are NOT the ones
// `bench -- train` reports (youtube_spam10, synthetic 5k): the evidence behind the app's default
// batch. App settings otherwise (Adam lr 0.003, ≤ 30 epochs, patience 5, L2 1e-5, hashed n-grams
// 16,384 dims, early stopping on dev macro-F1 with the decision tuned on dev, as the app does).
// Trains on every train item's gold label, scores on valid (dev). Writes bench/results/train-batch.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWrenchDataset, type WrenchFiles } from '../src/core/formats/wrench';
import { tuneDecision } from '../src/core/labelmodel/decision';
import { DEFAULT_METRIC, metricScore } from '../src/core/metrics/selection';
import { hashTexts } from '../src/core/student/features';
import { buildTargets } from '../src/core/student/targets';
import { Split } from '../src/core/types';
import { readWrenchFolder } from '../src/cli/label-model';
import { useNodeBackend } from '../src/ml/student/node-backend';
import { predictProbs, trainStudent } from '../src/ml/student/train';
import { argValue } from './lib/app';
import { synthetic5k } from './lib/student-sets';
import { REPO } from '../models/build/data';

export async function run(args: string[]): Promise<void> {
  const batchArg = args[args.indexOf('--batches') + 1];
  const batches = args.includes('--batches') ? batchArg.split(',').map(Number) : [32, 64, 128, 256];
  const seeds = argValue(args, '--seeds', 2);
  const firstLayers = args.includes('--first-layer') ? args[args.indexOf('--first-layer') + 1].split(',') : ['dense', 'lazy'];
  await useNodeBackend('wasm');
  const sets: [string, WrenchFiles][] = [['youtube_spam10', readWrenchFolder(join(REPO, 'bench/data/youtube_spam10'))], ['synthetic5k', synthetic5k()]];
  const rows = [];
  for (const [name, files] of sets) {
    const d = parseWrenchDataset(files);
    const { train, valid } = d.splits;
    const texts = [...train.data.text, ...valid.data.text] as string[];
    const features = hashTexts(texts, { dim: 16_384 });
    const splits = new Uint8Array(texts.length).fill(Split.train, 0, train.n).fill(Split.dev, train.n);
    const trainRows = Uint32Array.from({ length: train.n }, (_, i) => i);
    const devRows = Uint32Array.from({ length: valid.n }, (_, i) => train.n + i);
    const targets = buildTargets({ k: d.k, splits, purpose: 'training', seedRows: trainRows, seedLabels: train.gold });
    const score = (p: Float32Array) => metricScore(DEFAULT_METRIC, tuneDecision(p, d.k, valid.gold, DEFAULT_METRIC).value);
    const dev = { rows: devRows, labels: valid.gold, score, tolerance: 1 / valid.n };
    for (const [arch, firstLayer] of [['linear', 'dense'], ['mlp', 'dense'], ['mlp', 'lazy']] as const) {
      if (!firstLayers.includes(firstLayer)) continue;
      for (const batchSize of batches) {
        for (let seed = 0; seed < seeds; seed++) {
          const started = performance.now();
          const trained = await trainStudent(features, targets, dev, { arch, hidden: 64, epochs: 30, batchSize, learningRate: 0.003, l2: 1e-5, seed, patience: 5, firstLayer });
          const seconds = (performance.now() - started) / 1000;
          const probs = await predictProbs(trained.model, features, devRows);
          const row = { set: name, arch, first_layer_adam: firstLayer, batch: batchSize, seed, seconds, epochs: trained.history.length, best_epoch: trained.bestEpoch, dev_macro_f1: score(probs) };
          trained.model.dispose();
          rows.push(row);
          console.log(`[train-batch] ${name} ${arch} ${firstLayer} batch ${batchSize} seed ${seed}: ${seconds.toFixed(1)} s, ${row.epochs} epochs (best ${row.best_epoch}), dev macro-F1 ${row.dev_macro_f1.toFixed(3)}`);
        }
      }
    }
  }
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO, 'bench/results/train-batch.json'), JSON.stringify({ note: 'Node, WASM backend, the JS sparse engine; shared 2-core machine (load varies): compare within a set', rows }, null, 2) + '\n');
}
