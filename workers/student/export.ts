import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SiftError } from '../../src/core/errors';
import { cardOrThrow, type CardInput, type ModelCard } from '../../src/core/models/card';
import { validateCard } from '../../src/core/models/card-validate';
import { modelInfoFromTfjs } from '../../src/core/models/model-info';
import { readOnnxInfo } from '../../src/core/models/onnx-info';
import { convNetToOnnx, mlpToOnnx, type ConvLayer, type MlpLayer } from '../../src/core/models/onnx-write';

/**
 * A trained student as files a teacher can be loaded from: ONNX (written by Sift's own writer) and
 * TF.js layers (model.json + one weights shard), plus its card, checked against both before it is
 * handed out. Pure: no storage here; the worker puts the files in the registry, Node on disk.
 */
export interface StudentFiles {
  card: ModelCard;
  onnx: Uint8Array;
  modelJson: string;
  weights: Uint8Array;
}

function denseLayers(model: tfl.LayersModel): MlpLayer[] {
  return model.layers
    .filter((layer) => layer.getClassName() === 'Dense')
    .map((layer) => {
      const [kernel, bias] = layer.getWeights();
      const config = layer.getConfig() as { activation?: string };
      return { weight: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, inputs: kernel.shape[0]!, outputs: kernel.shape[1]!, activation: config.activation === 'relu' ? 'relu' : 'linear' };
    });
}

function convLayers(model: tfl.LayersModel): ConvLayer[] {
  const convs: ConvLayer[] = [];
  model.layers.forEach((layer) => {
    const name = layer.getClassName();
    if (name === 'Conv2D') {
      const [kernel, bias] = layer.getWeights();
      const [kh, kw, ci, co] = kernel.shape as number[];
      convs.push({ kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, kernelHeight: kh, kernelWidth: kw, inChannels: ci, outChannels: co, pool: null });
    } else if (name === 'MaxPooling2D') {
      const config = layer.getConfig() as { poolSize: number[] };
      convs[convs.length - 1].pool = config.poolSize[0];
    }
  });
  return convs;
}

export async function tfjsArtifacts(model: tfl.LayersModel): Promise<{ modelJson: string; weights: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new SiftError('student/export', 'TF.js produced no weights for this model.');
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_core}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  return { modelJson: JSON.stringify(modelJson), weights: new Uint8Array(artifacts.weightData as ArrayBuffer) };
}

/** `card` must describe this model (inputs/outputs named input, logits, probabilities). */
export async function exportStudent(model: tfl.LayersModel, card: CardInput): Promise<StudentFiles> {
  const checked = cardOrThrow(card);
  const inputShape = ['batch', ...(model.inputs[0].shape.slice(1) as number[])];
  const common = {
    inputShape,
    layers: denseLayers(model),
    graphName: checked.id.replace(/[^a-z0-9_]/g, '_'),
    producer: 'sift student',
    producerVersion: checked.version,
    docString: `${checked.name}: ${checked.description ?? ''}`,
    metadata: { sift_card_id: checked.id, sift_card_version: checked.version },
  };
  const convs = convLayers(model);
  const onnx = convs.length ? convNetToOnnx({ ...common, convs }) : mlpToOnnx(common);
  const { modelJson, weights } = await tfjsArtifacts(model);
  for (const [format, info] of [['ONNX', readOnnxInfo(onnx)], ['TF.js', modelInfoFromTfjs(JSON.parse(modelJson))]] as const) {
    const problems = validateCard(checked, info);
    if (problems.length) throw new SiftError('student/export', `The student's card does not fit its ${format} model: ${problems.map((p) => p.message).join('; ')}`);
  }
  return { card: checked, onnx, modelJson, weights };
}
