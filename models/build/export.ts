/** Writes a trained model as TF.js layers files (model.json + weights.bin) and as ONNX, plus its card. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { cardOrThrow, type CardInput } from '../../src/core/models/card';
import { validateCard } from '../../src/core/models/card-validate';
import { modelInfoFromTfjs } from '../../src/core/models/model-info';
import type { Dim } from '../../src/core/models/onnx-info';
import { readOnnxInfo } from '../../src/core/models/onnx-info';
import { mlpToOnnx } from '../../src/core/models/onnx-write';
import { denseLayers } from './train';

/** TF.js layers format, as `tf.io.browserFiles`/`loadLayersModel` read it: one weights shard. */
export async function saveTfjs(model: tfl.LayersModel, dir: string): Promise<{ modelJson: object; bytes: number }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error('saveTfjs: no weights');
  const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_core}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson, null, 1) + '\n');
  writeFileSync(join(dir, 'weights.bin'), weights);
  return { modelJson, bytes: weights.length };
}

export interface ExportSpec {
  dir: string;
  model: tfl.LayersModel;
  onnxInputShape: Dim[];
  card: CardInput;
  docString: string;
}

/** Writes model.onnx, tfjs/, card.json into `dir`; fails if the card does not validate against both files. */
export async function exportModel(spec: ExportSpec): Promise<{ onnxBytes: number; tfjsBytes: number }> {
  mkdirSync(spec.dir, { recursive: true });
  const card = cardOrThrow(spec.card);
  const onnx = mlpToOnnx({
    inputShape: spec.onnxInputShape,
    layers: denseLayers(spec.model),
    graphName: card.id,
    producer: 'sift models:build',
    producerVersion: card.version,
    docString: spec.docString,
    metadata: { sift_card_id: card.id, sift_card_version: card.version, license: card.license.model },
  });
  writeFileSync(join(spec.dir, 'model.onnx'), onnx);
  const { modelJson, bytes } = await saveTfjs(spec.model, join(spec.dir, 'tfjs'));
  for (const [format, info] of [['ONNX', readOnnxInfo(onnx)], ['TF.js', modelInfoFromTfjs(modelJson)]] as const) {
    const problems = validateCard(card, info);
    if (problems.length) throw new Error(`${card.id}: card does not fit the ${format} model:\n${problems.map((p) => p.message).join('\n')}`);
  }
  writeFileSync(join(spec.dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  return { onnxBytes: onnx.length, tfjsBytes: bytes };
}

/** Rounds metric values so cards stay readable (and diffs small). */
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
