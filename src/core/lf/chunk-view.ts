import { SiftError } from '../errors';
import { TEXT_FIELD, type LfChunk, type TextEmbedder } from './types';

const NON_DECIMAL = /^0[xob]/i;

export interface ItemVectors {
  data: Float32Array;
  dim: number;
  /** Euclidean norm of each row, so cosine needs one dot product per example. */
  norms: Float32Array;
}

/**
 * A chunk plus the derived columns LFs need (folded text, parsed numbers, lengths, vectors), each built
 * at most once per chunk however many LFs read it: ten keyword LFs fold the text once, not ten times.
 */
export class ChunkView {
  readonly size: number;
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly chunk: LfChunk,
    private readonly embed?: TextEmbedder,
  ) {
    if (!Array.isArray(chunk.text)) throw new SiftError('lf-bad-chunk', 'The chunk has no text column', {});
    this.size = chunk.text.length;
    for (const [name, column] of Object.entries(chunk.fields ?? {})) {
      if (!Array.isArray(column) || column.length !== this.size) {
        throw new SiftError('lf-bad-chunk', `Field "${name}" has ${Array.isArray(column) ? column.length : 'no'} values for ${this.size} items`, { field: name });
      }
    }
    if (chunk.vectors && (!chunk.dim || chunk.vectors.length !== chunk.dim * this.size)) {
      throw new SiftError('lf-bad-chunk', `The chunk's vectors hold ${chunk.vectors.length} numbers, not ${this.size} items × ${chunk.dim ?? '?'} dimensions`, {});
    }
  }

  strings(field: string): string[] {
    if (field === TEXT_FIELD) return this.chunk.text;
    const column = this.chunk.fields?.[field];
    if (!column) throw new SiftError('lf-unknown-field', `Field "${field}" is missing from this chunk`, { field });
    return column;
  }

  /** The field as foldText makes it, for keyword and metadata matching. */
  folded(field: string, caseSensitive: boolean): string[] {
    return this.memo(`fold:${caseSensitive}:${field}`, () => this.strings(field).map((text) => foldText(text, caseSensitive)));
  }

  /** The field parsed as numbers; NaN where empty or not a number, so every comparison with it is false. */
  numbers(field: string): Float64Array {
    return this.memo(`num:${field}`, () => {
      const strings = this.strings(field);
      const values = new Float64Array(strings.length);
      for (let i = 0; i < strings.length; i++) {
        const trimmed = strings[i].trim();
        // Hex, octal and binary literals ("0x10") are code, not data: SQL engines do not read them either.
        values[i] = trimmed === '' || NON_DECIMAL.test(trimmed) ? Number.NaN : Number(trimmed);
      }
      return values;
    });
  }

  lengths(field: string, unit: 'chars' | 'words'): Uint32Array {
    return this.memo(`len:${unit}:${field}`, () => {
      // Counted on NFC text so that "é" is one character however it was typed.
      const strings = this.folded(field, true);
      const lengths = new Uint32Array(strings.length);
      for (let i = 0; i < strings.length; i++) lengths[i] = unit === 'chars' ? codePointLength(strings[i]) : wordCount(strings[i]);
      return lengths;
    });
  }

  vectors(): ItemVectors {
    return this.memo('vectors', () => {
      let data = this.chunk.vectors;
      let dim = this.chunk.dim ?? 0;
      if (!data) {
        if (!this.embed) throw new SiftError('lf-no-embedder', 'A similarity LF needs item vectors: the chunk has none and no embedder was given', {});
        ({ data, dim } = embedAll(this.chunk.text, this.embed));
      }
      const norms = new Float32Array(this.size);
      for (let i = 0; i < this.size; i++) {
        let sum = 0;
        for (let d = i * dim, end = d + dim; d < end; d++) sum += data[d] * data[d];
        norms[i] = Math.sqrt(sum);
      }
      return { data, dim, norms };
    });
  }

  private memo<T>(key: string, build: () => T): T {
    let value = this.derived.get(key) as T | undefined;
    if (value === undefined) {
      value = build();
      this.derived.set(key, value);
    }
    return value;
  }
}

/** Letters whose lower case still differs from their case fold: dotted İ → i̇, final ς, ß. */
const FOLD_AFTER_LOWER = /[\u0307ςß]/;

/**
 * NFC (so a composed and a decomposed "é" match), then for case-insensitive matching lower case plus
 * the folds lower-casing misses: "İstanbul" ~ "istanbul", "ΟΔΟΣ" ~ "οδοσ", "STRASSE" ~ "straße".
 */
export function foldText(text: string, caseSensitive: boolean): string {
  const composed = text.normalize('NFC');
  if (caseSensitive) return composed;
  const lower = composed.toLowerCase();
  return FOLD_AFTER_LOWER.test(lower) ? lower.replace(/i\u0307/g, 'i').replace(/ς/g, 'σ').replace(/ß/g, 'ss') : lower;
}

function codePointLength(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A low surrogate after a high one is the second half of one code point (emoji, rare CJK).
    if (unit >= 0xdc00 && unit <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) count--;
    }
  }
  return count;
}

/** The characters JavaScript's \s matches, tested by code so counting words allocates nothing. */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function embedAll(texts: string[], embed: TextEmbedder): { data: Float32Array; dim: number } {
  if (texts.length === 0) return { data: new Float32Array(0), dim: 0 };
  const first = embed(texts[0]);
  const dim = first.length;
  const data = new Float32Array(texts.length * dim);
  data.set(first, 0);
  for (let i = 1; i < texts.length; i++) {
    const vector = embed(texts[i]);
    if (vector.length !== dim) throw new SiftError('lf-bad-vector', `The embedder returned ${vector.length} dimensions for item ${i}, ${dim} for item 0`, { itemIndex: i });
    data.set(vector, i * dim);
  }
  return { data, dim };
}
