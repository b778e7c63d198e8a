/**
 * Items of a chunk → a model's input feeds, as the card's preprocessing says: hashed n-grams and table
 * columns through core's encoders, images decoded (by the injected decoder) then preprocessed, text
 * through a Hugging Face tokenizer. One encoder per run; its buffers are reused across batches.
 */
import { SiftError } from '../../src/core/errors';
import type { PixelBuffer } from '../../src/core/features/image';
import type { ModelCard } from '../../src/core/models/card';
import { createEncoder, type InputEncoder } from '../../src/core/models/encode';
import type { ItemChunk } from '../../src/data/db';
import type { Feed } from './runtime';
import type { BatchTokenizer } from './tokenize';

export type DecodeImage = (bytes: Uint8Array, type: string, where: string) => Promise<PixelBuffer>;

export interface EncodedBatch {
  feeds: Feed[];
  /** For tokenizer inputs: which positions are real tokens (mean pooling needs it). */
  mask: Uint8Array | null;
  /** Float features per item for encoders that make them (the built-in embedders' output). */
  features: Float32Array | null;
}

export interface BatchEncoder {
  encode(chunk: ItemChunk, from: number, to: number): Promise<EncodedBatch>;
}

const DECODE_PARALLEL = 16;

const where = (chunk: ItemChunk, i: number) => `item ${chunk.start + i + 1} ('${chunk.ids[i]}')`;

export function createBatchEncoder(card: ModelCard, options: { decodeImage: DecodeImage; tokenizer: BatchTokenizer | null }): BatchEncoder {
  const p = card.preprocessing;
  const inputName = card.inputs[0]?.name ?? 'input';
  if (p.kind === 'tokenizer') {
    const tokenizer = options.tokenizer;
    if (!tokenizer) throw new SiftError('tokenizer-missing', `Card '${card.id}' needs a tokenizer; the model has no tokenizer.json`, {});
    return {
      async encode(chunk, from, to) {
        const { feeds, mask } = tokenizer.encode(chunk.text.slice(from, to));
        return { feeds, mask, features: null };
      },
    };
  }
  const encoder = createEncoder(card);
  const floats = (n: number, fill: (out: Float32Array) => Promise<void> | void) => async (): Promise<EncodedBatch> => {
    const data = new Float32Array(n * encoder.perItem);
    await fill(data);
    return { feeds: [{ name: inputName, type: 'float32', data, dims: encoder.dims(n) }], mask: null, features: data };
  };
  switch (p.kind) {
    case 'hashed-ngrams': {
      const text = encoder as InputEncoder<string>;
      return { encode: (chunk, from, to) => floats(to - from, (out) => { for (let i = from; i < to; i++) text.encodeInto(chunk.text[i], out, (i - from) * text.perItem); })() };
    }
    case 'table': {
      const table = encoder as InputEncoder<ArrayLike<number>>;
      const row = new Float64Array(p.columns.length);
      return {
        encode: (chunk, from, to) =>
          floats(to - from, (out) => {
            for (let i = from; i < to; i++) {
              p.columns.forEach((column, c) => {
                const values = chunk.fields[column.name];
                if (!values) throw new SiftError('table-column-missing', `The card reads column '${column.name}', which this dataset does not have (its fields: ${Object.keys(chunk.fields).join(', ') || 'none'})`, { column: column.name });
                row[c] = values[i] === '' ? NaN : Number(values[i]);
              });
              try {
                table.encodeInto(row, out, (i - from) * table.perItem);
              } catch (error) {
                throw error instanceof SiftError ? new SiftError(error.code, `${where(chunk, i)}: ${error.message}`, { ...error.details, item: chunk.start + i }) : error;
              }
            }
          })(),
      };
    }
    case 'image':
    case 'image-pixels': {
      const image = encoder as InputEncoder<PixelBuffer>;
      return {
        encode: (chunk, from, to) =>
          floats(to - from, async (out) => {
            if (!chunk.images) throw new SiftError('not-images', `Card '${card.id}' takes images, but this dataset holds text`, {});
            // A few at a time: the browser decodes in parallel off this thread, and a group of large
            // photos decoded at once would hold all their pixels.
            for (let g = from; g < to; g += DECODE_PARALLEL) {
              const end = Math.min(to, g + DECODE_PARALLEL);
              const decoded = await Promise.all(Array.from({ length: end - g }, (_, k) => options.decodeImage(chunk.images![g + k], chunk.fields.type?.[g + k] ?? 'png', where(chunk, g + k))));
              decoded.forEach((pixels, k) => image.encodeInto(pixels, out, (g - from + k) * image.perItem));
            }
          })(),
      };
    }
  }
}
