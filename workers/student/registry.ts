import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SiftError } from '../../src/core/errors';
import { canaryReport } from '../../src/core/evaluation/canary-report';
import { ARGMAX, applyDecision } from '../../src/core/labelmodel/decision';
import { studentCard, type StudentInput } from '../../src/core/student/card';
import { readColumn } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import type { ModelEntry } from '../../src/data/db';
import { getRun } from '../../src/data/model-runs';
import { sourceOfRun } from '../../src/data/source-lookup';
import { probsColumn } from '../../src/data/sources';
import { newModelId } from '../../src/data/models';
import { loadStudentWeights, saveModel } from '../../src/data/students';
import { exportStudent } from './export';

/**
 * Puts a trained student into the model registry as ONNX + TF.js files with its card, so it can be
 * run as a teacher. The weights come from the student's run record (kept there when it was trained),
 * so exporting works in a later session too.
 */
export interface ExportRequest {
  datasetId: string;
  runId: string;
  /** For the card's canary metric (evaluation only). */
  labels: Int16Array;
  splits: Uint8Array;
}

export async function exportToRegistry(request: ExportRequest): Promise<{ modelId: string; name: string; files: string[]; bytes: number }> {
  const [dataset, run] = await Promise.all([getDataset(request.datasetId), getRun(request.runId)]);
  if (!dataset || !run || run.kind !== 'student') throw new SiftError('student/export', 'This student run no longer exists.');
  const results = run.results;
  const stored = await loadStudentWeights(run.id);
  if (!stored || results.name === undefined || !results.classNames || !results.trainedOn || !results.backend)
    throw new SiftError('student/export', `Student run ${run.id} has no trained model stored (it did not finish, or its store lost the weights); train it again to export it.`);
  if (!results.input) throw new SiftError('student/export', 'This student reads an embedding column, which a teacher could not compute from raw items; only students on built-in features can be exported.');
  const source = await sourceOfRun(dataset.id, run.id);
  const json = JSON.parse(stored.modelJson);
  const model = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: stored.weights.slice().buffer }));
  try {
    const k = dataset.classes.length;
    const decision = results.decision ?? ARGMAX;
    const metrics: { split: 'dev' | 'canary'; n: number; name: string; value: number }[] = [];
    if (results.dev) metrics.push({ split: 'dev', n: results.devItems ?? 0, name: 'accuracy', value: results.dev.accuracy });
    if (source) {
      const probs = await readColumn(dataset, probsColumn(source.id), Float32Array, k);
      // Scored as the card's decision will label: its stored decision on its raw outputs.
      const labels = applyDecision(probs, k, decision);
      const report = canaryReport([{ id: source.id, name: source.name, kind: 'student', labels, probs }], request.labels, request.splits, k);
      const row = report.rows[0];
      if (row.count > 0) metrics.push({ split: 'canary', n: row.count, name: 'accuracy', value: row.accuracy }, { split: 'canary', n: row.count, name: 'macro_f1', value: row.macroF1 });
    }
    const arch = String(run.params.arch);
    const card = studentCard({
      runId: run.id,
      name: results.name,
      datasetName: dataset.name,
      classNames: results.classNames,
      input: results.input,
      arch,
      trainedOn: results.trainedOn,
      trainedBy: `TF.js ${tf.version_core} (${results.backend.backend} backend), ${arch}`,
      createdAt: run.createdAt,
      metrics,
      decision,
    });
    const files = await exportStudent(model, card);
    const entry: ModelEntry = {
      id: await newModelId(files.card.id),
      name: files.card.name,
      createdAt: Date.now(),
      format: 'onnx',
      card: files.card,
      files: [
        { path: 'model.onnx', blob: new Blob([files.onnx as BlobPart], { type: 'application/octet-stream' }) },
        { path: 'tfjs/model.json', blob: new Blob([files.modelJson], { type: 'application/json' }) },
        { path: 'tfjs/weights.bin', blob: new Blob([files.weights as BlobPart], { type: 'application/octet-stream' }) },
        { path: 'card.json', blob: new Blob([JSON.stringify(files.card, null, 2)], { type: 'application/json' }) },
      ],
    };
    await saveModel(entry, dataset.id, run.id);
    return { modelId: entry.id, name: entry.name, files: entry.files.map((f) => f.path), bytes: files.onnx.length + files.weights.length };
  } finally {
    model.dispose();
  }
}
