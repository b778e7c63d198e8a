// Text exemplars for a class: augmented copies of its real texts (the other columns copied from the
// source row), scored on hashed bag-of-words vectors, since a text column has no shape a table metric reads.
import type { StringTable } from '../core/drift/columns';
import { TextHasher } from '../core/features/text-hash';
import { vectorFidelity, type VectorFidelity } from '../core/fidelity/vectors';
import { textExemplars } from '../core/synthetic/augment-text';

/** Small enough for k-NN over thousands of texts and a 5-fold detection; words only, so a dropped or swapped word shows. */
const VECTOR_DIM = 64;
export const TEXT_VECTORS = `hashed bag of words (${VECTOR_DIM} dimensions, L2-normalised)`;

function embed(texts: readonly string[]): Float32Array {
  const hasher = new TextHasher({ dim: VECTOR_DIM, word_ngrams: [1, 1], char_ngrams: null });
  const out = new Float32Array(texts.length * VECTOR_DIM);
  texts.forEach((t, i) => hasher.featurizeInto(t, out, i * VECTOR_DIM));
  return out;
}

/** `real` has the text column first (tableColumns of a text dataset). */
export function augmentTexts(real: StringTable, count: number, seed: number): { synthetic: StringTable; report: VectorFidelity } {
  const { texts, from } = textExemplars(real.columns[0], count, seed);
  const synthetic = { names: real.names, columns: real.columns.map((column, c) => (c === 0 ? texts : from.map((i) => column[i]))) };
  return { synthetic, report: vectorFidelity(embed(real.columns[0]), embed(texts), VECTOR_DIM, TEXT_VECTORS) };
}
