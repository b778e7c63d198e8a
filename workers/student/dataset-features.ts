import { SiftError, throwIfAborted } from '../../src/core/errors';
import { preprocessImageInto, resolveImagePreprocessing, type ImagePreprocessing, type PixelBuffer } from '../../src/core/features/image';
import { resolveHashedNgramsSpec, type HashedNgramsSpec } from '../../src/core/features/text-hash';
import type { StudentInput } from '../../src/core/student/card';
import { hashTexts, type FeatureMatrix } from '../../src/core/student/features';
import type { Dataset } from '../../src/data/db';
import { revisionKey } from '../../src/data/columns';
import { vectorsColumn } from '../../src/data/model-runs';
import { readVectors } from '../../src/data/vectors';
import { readChunk } from '../../src/data/items';
import { fnv1a } from '../../src/core/hash';
import { encodeTable, fitTableEncoding } from '../../src/core/features/table';
import { fieldColumnTypes, readFieldColumns } from '../../src/data/table-columns';

/**
 * A student's inputs for every item of a dataset, from the built-in featurizers (hashed n-grams for
 * text, scaled gray or RGB pixels for images) or from an embedder's stored vectors (`vec:` columns). Kept per dataset and spec while the worker lives: a second student on the same data
 * starts training at once.
 */
export type FeatureSpec =
  | { kind: 'hashed-ngrams'; dim: number }
  | { kind: 'image'; size: number; channels: 1 | 3 }
  | { kind: 'vectors'; embedderId: string }
  /** Table datasets: every typed field (see core/features/table), scaled on the training rows. */
  | { kind: 'table'; topK: number; textDim: number };

export interface DatasetFeatures {
  features: FeatureMatrix;
  /** What an exported student's card states as its preprocessing (null for embedding columns). */
  input: StudentInput | null;
  description: string;
}

const cache = new Map<string, DatasetFeatures>();

export function textSpec(dim: number): HashedNgramsSpec {
  return resolveHashedNgramsSpec({ dim });
}

export function imageSpec(size: number, channels: 1 | 3): ImagePreprocessing {
  return resolveImagePreprocessing({ width: size, height: size, channels, layout: 'NHWC', resize: 'area', scale: 1 / 255, mean: new Array(channels).fill(0), std: new Array(channels).fill(1), background: 0 });
}

async function decode(bytes: Uint8Array, type: string, id: string): Promise<PixelBuffer> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart], { type: `image/${type}` }));
  } catch (error) {
    throw new SiftError('student/image-decode', `Item "${id}" could not be decoded as an image (${error instanceof Error ? error.message : error}).`, { id });
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { data: context.getImageData(0, 0, canvas.width, canvas.height).data, width: canvas.width, height: canvas.height, channels: 4 };
}

/**
 * `isTrain` says which items are training rows: table features are fitted on those only, and are kept
 * per set of training rows (a new split fits them again).
 */
export async function datasetFeatures(dataset: Dataset, spec: FeatureSpec, signal?: AbortSignal, onProgress?: (done: number, total: number) => void, isTrain?: (index: number) => boolean): Promise<DatasetFeatures> {
  // Embedding vectors are rewritten under the same embedder id by a new run: key them by revision.
  const revision = spec.kind === 'vectors' ? await revisionKey(dataset.id, [vectorsColumn(spec.embedderId)]) : spec.kind === 'table' ? trainKey(dataset, isTrain) : '';
  const key = `${dataset.id}:${JSON.stringify(spec)}:${revision}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const n = dataset.itemCount;
  let made: DatasetFeatures;
  if (spec.kind === 'hashed-ngrams') {
    const texts: string[] = [];
    for (let c = 0; c < dataset.chunkCount; c++) {
      throwIfAborted(signal);
      const chunk = await readChunk(dataset.id, c);
      if (chunk) texts.push(...chunk.text);
      onProgress?.(texts.length, n);
    }
    const text = textSpec(spec.dim);
    made = { features: hashTexts(texts, text), input: { kind: 'text', spec: text }, description: `hashed word 1–2 and char 3–5 n-grams, ${spec.dim.toLocaleString('en-US')} dims` };
  } else if (spec.kind === 'table') {
    const types = fieldColumnTypes(dataset);
    if (!types) throw new SiftError('student/features', 'Table features need a table dataset; use hashed n-grams for text or pixels for images.');
    if (!isTrain) throw new SiftError('student/features', 'Table features are fitted on the training rows: none were given.');
    const { columns } = await readFieldColumns(dataset.id, dataset.fields);
    throwIfAborted(signal);
    const encoding = fitTableEncoding(dataset.fields, columns, types, isTrain, { topK: spec.topK, textDim: spec.textDim });
    onProgress?.(0, n);
    const counts = { numeric: 0, categorical: 0, boolean: 0, datetime: 0, text: 0 };
    for (const c of encoding.columns) counts[c.type]++;
    const parts = Object.entries(counts).filter(([, k]) => k > 0).map(([type, k]) => `${k} ${type}`);
    made = { features: encodeTable(encoding, columns, n), input: null, description: `table columns (${parts.join(', ')}), ${encoding.width.toLocaleString('en-US')} dims` };
    onProgress?.(n, n);
  } else if (spec.kind === 'image') {
    if (dataset.kind !== 'image') throw new SiftError('student/features', 'Pixel features need an image dataset; this one holds text. Use hashed n-grams.');
    const image = imageSpec(spec.size, spec.channels);
    const width = spec.size * spec.size * spec.channels;
    const values = new Float32Array(n * width);
    for (let c = 0; c < dataset.chunkCount; c++) {
      const chunk = await readChunk(dataset.id, c);
      if (!chunk?.images) throw new SiftError('student/features', `Chunk ${c} of this dataset has no image bytes.`);
      for (let o = 0; o < chunk.count; o++) {
        throwIfAborted(signal);
        const pixels = await decode(chunk.images[o], chunk.fields.type?.[o] ?? 'png', chunk.ids[o]);
        preprocessImageInto(pixels, image, values, (chunk.start + o) * width);
      }
      onProgress?.(Math.min(n, (c + 1) * dataset.chunkSize), n);
    }
    made = { features: { kind: 'dense', n, shape: [spec.size, spec.size, spec.channels], values }, input: { kind: 'image', spec: image }, description: `${spec.size}×${spec.size} ${spec.channels === 1 ? 'gray' : 'RGB'} pixels` };
  } else {
    const vectors = await readVectors(dataset, spec.embedderId);
    if (!vectors) throw new SiftError('student/features', `The embedder "${spec.embedderId}" has no vectors for this dataset: run it in the Teachers tab first.`);
    if (!vectors.complete) throw new SiftError('student/features', `The embedder "${spec.embedderId}" has vectors for ${vectors.chunksPresent} of ${dataset.chunkCount} chunks: finish (resume) its run first.`);
    made = { features: { kind: 'dense', n, shape: [vectors.dim], values: vectors.data }, input: null, description: `${spec.embedderId} vectors (${vectors.dim} dims)` };
  }
  cache.set(key, made);
  // One dataset's features at a time: they can be hundreds of MB.
  for (const other of [...cache.keys()]) if (!other.startsWith(`${dataset.id}:`)) cache.delete(other);
  return made;
}

function trainKey(dataset: Dataset, isTrain?: (index: number) => boolean): string {
  if (!isTrain) return '';
  let key = '';
  for (let i = 0; i < dataset.itemCount; i++) key += isTrain(i) ? '1' : '0';
  return fnv1a(key).toString(16);
}

export function forgetFeatures(): void {
  cache.clear();
}
