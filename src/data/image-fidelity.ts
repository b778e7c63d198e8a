// The fidelity of two sets of image items (a split, a batch, an import, real or synthetic, per class):
// the vector report (shapes per dimension, detection, k-NN manifolds) on the vectors image exemplars
// are scored on, so a batch's own report and a comparison of sets read the same way.
import { vectorFidelity, type VectorFidelity } from '../core/fidelity/vectors';
import type { Dataset } from './db';
import { imageRowsVectors, sampleRows } from './image-vectors';
import { chooseImageVectors, type ImageCodec } from './synthetic-image';

/**
 * Vectors per set at most: k-NN precision and recall cost n² distances, and decoding is the slow part;
 * 2,000 a side keeps a comparison to seconds in a worker.
 */
export const MAX_SET_VECTORS = 2_000;

const count = (n: number) => n.toLocaleString('en-US');

export async function imageSetsFidelity(dataset: Dataset, rowsA: Uint32Array, rowsB: Uint32Array, codec: ImageCodec, signal?: AbortSignal): Promise<VectorFidelity> {
  const vectors = await chooseImageVectors(dataset);
  const a = sampleRows(rowsA, MAX_SET_VECTORS, 1);
  const b = sampleRows(rowsB, MAX_SET_VECTORS, 2);
  const va = await imageRowsVectors(dataset, a, vectors, codec, signal);
  const vb = await imageRowsVectors(dataset, b, vectors, codec, signal);
  const report = vectorFidelity(va.values, vb.values, va.dim, vectors.name);
  const notes: string[] = [];
  for (const [name, all, used] of [['first', rowsA, a], ['second', rowsB, b]] as const) {
    if (used.length < all.length) notes.push(`The ${name} set has ${count(all.length)} items; a seeded sample of ${count(used.length)} of them is compared.`);
  }
  const read = va.read + vb.read;
  if (vectors.stored && read > 0) notes.push(`${count(read)} vectors were read from the store, ${count(va.computed + vb.computed)} computed the same way from the images (items added after the embedder ran).`);
  if (vectors.note) notes.push('A model embedder’s stored vectors are not used: only vectors every item can have, exemplars included, let any two sets compare alike.');
  report.notes.push(...notes);
  return report;
}
