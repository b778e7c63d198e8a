/**
 * Turns items into a model's input tensor as its card's preprocessing says: one place for the worker,
 * the CLI and tests, so a card always means the same numbers. Tokenizer preprocessing is not here: it
 * needs @huggingface/tokenizers and runs in the worker.
 */
import { SiftError } from '../errors';
import { embedImageInto, imagePixelsDim, imageTensorShape, preprocessImageInto, type PixelBuffer } from '../features/image';
import { TextHasher } from '../features/text-hash';
import type { ModelCard } from './card';

export interface InputEncoder<Item> {
  /** Floats per item. */
  perItem: number;
  /** Tensor dims for a batch of `batch` items. */
  dims(batch: number): number[];
  /** Writes item's values at out[offset .. offset + perItem). */
  encodeInto(item: Item, out: Float32Array, offset: number): void;
}

export function createEncoder(card: ModelCard): InputEncoder<string> | InputEncoder<PixelBuffer> | InputEncoder<ArrayLike<number>> {
  const p = card.preprocessing;
  switch (p.kind) {
    case 'hashed-ngrams': {
      const hasher = new TextHasher(p);
      return { perItem: hasher.dim, dims: (b) => [b, hasher.dim], encodeInto: (text, out, offset) => void hasher.featurizeInto(text, out, offset) } satisfies InputEncoder<string>;
    }
    case 'image':
      return { perItem: p.width * p.height * p.channels, dims: (b) => imageTensorShape(p, b), encodeInto: (image, out, offset) => preprocessImageInto(image, p, out, offset) } satisfies InputEncoder<PixelBuffer>;
    case 'image-pixels': {
      const dim = imagePixelsDim(p);
      return { perItem: dim, dims: (b) => [b, dim], encodeInto: (image, out, offset) => embedImageInto(image, p, out, offset) } satisfies InputEncoder<PixelBuffer>;
    }
    case 'table': {
      const { columns } = p;
      return {
        perItem: columns.length,
        dims: (b) => [b, columns.length],
        encodeInto(row, out, offset) {
          if (row.length !== columns.length) throw new SiftError('bad-row', `A table row has ${row.length} values; the card's preprocessing.columns lists ${columns.length}`, { expected: columns.length });
          for (let c = 0; c < columns.length; c++) {
            const v = row[c];
            if (!Number.isFinite(v)) throw new SiftError('bad-row', `Column '${columns[c].name}' is ${v}, not a finite number`, { column: columns[c].name });
            out[offset + c] = (v - columns[c].mean) / columns[c].std;
          }
        },
      } satisfies InputEncoder<ArrayLike<number>>;
    }
    case 'tokenizer':
      throw new SiftError('tokenizer-in-worker', `Card '${card.id}' uses a tokenizer; tokenize in the worker with @huggingface/tokenizers`, { id: card.id });
  }
}

/** Encodes a batch into one row-major Float32Array with its dims. */
export function encodeBatch<Item>(encoder: InputEncoder<Item>, items: readonly Item[]): { data: Float32Array; dims: number[] } {
  const data = new Float32Array(items.length * encoder.perItem);
  items.forEach((item, i) => encoder.encodeInto(item, data, i * encoder.perItem));
  return { data, dims: encoder.dims(items.length) };
}
