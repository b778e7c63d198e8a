import { SiftError } from '../errors';
import { foldText, type ChunkView } from './chunk-view';
import {
  TEXT_FIELD,
  type CompareOp,
  type Condition,
  type KeywordCondition,
  type LfContext,
  type SimilarityCondition,
} from './types';
import type { LfLabel } from './validate';

/** A condition made ready for one chunk: row index → holds or not. */
export type RowTest = (row: number) => boolean;
/** A compiled condition: per chunk, fetch the derived columns it reads once, then test rows. */
export type BoundCondition = (view: ChunkView) => RowTest;

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';
const STARTS_WITH_WORD_CHAR = new RegExp(`^${WORD_CHAR}`, 'u');
const ENDS_WITH_WORD_CHAR = new RegExp(`${WORD_CHAR}$`, 'u');

/** Escapes exactly the syntax characters: under the 'u' flag escaping anything else is an error. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * A keyword as a whole-word pattern: edges that are word characters must not touch another word
 * character, so "win" misses "winner" but "$$$" (no word-character edges) still matches "win$$$".
 */
function wholeWordPattern(keyword: string): string {
  const before = STARTS_WITH_WORD_CHAR.test(keyword) ? `(?<!${WORD_CHAR})` : '';
  const after = ENDS_WITH_WORD_CHAR.test(keyword) ? `(?!${WORD_CHAR})` : '';
  return `${before}${escapeRegex(keyword)}${after}`;
}

/** Matches folded text (NFC, lower-cased unless case-sensitive), so keywords are folded the same way. */
export function keywordTest(condition: KeywordCondition): (folded: string) => boolean {
  const keywords = condition.keywords.map((keyword) => foldText(keyword, condition.caseSensitive));
  if (condition.wholeWord) {
    if (condition.match === 'any') {
      const anyWord = new RegExp(keywords.map(wholeWordPattern).join('|'), 'u');
      return (text) => anyWord.test(text);
    }
    const words = keywords.map((keyword) => new RegExp(wholeWordPattern(keyword), 'u'));
    return (text) => words.every((word) => word.test(text));
  }
  if (keywords.length === 1) {
    const [keyword] = keywords;
    return (text) => text.includes(keyword);
  }
  return condition.match === 'any' ? (text) => keywords.some((k) => text.includes(k)) : (text) => keywords.every((k) => text.includes(k));
}

function comparator(op: CompareOp, value: number, max: number | undefined): (x: number) => boolean {
  // Written so that NaN (an empty or non-numeric field) fails every test, '!=' included.
  switch (op) {
    case '<':
      return (x) => x < value;
    case '<=':
      return (x) => x <= value;
    case '>':
      return (x) => x > value;
    case '>=':
      return (x) => x >= value;
    case '==':
      return (x) => x === value;
    case '!=':
      return (x) => x === x && x !== value;
    case 'between': {
      const upper = max ?? value;
      return (x) => x >= value && x <= upper;
    }
  }
}

export function bindCondition(condition: Condition, context: LfContext, lf: LfLabel): BoundCondition {
  switch (condition.kind) {
    case 'keyword': {
      const test = keywordTest(condition);
      const field = condition.field ?? TEXT_FIELD;
      return (view) => {
        const texts = view.folded(field, condition.caseSensitive);
        return (row) => test(texts[row]);
      };
    }
    case 'regex': {
      const regex = new RegExp(condition.pattern, (condition.flags ?? '').replace('g', ''));
      const field = condition.field ?? TEXT_FIELD;
      return (view) => {
        const texts = view.strings(field);
        return (row) => regex.test(texts[row]);
      };
    }
    case 'number': {
      const compare = comparator(condition.op, condition.value, condition.max);
      return (view) => {
        const values = view.numbers(condition.field);
        return (row) => compare(values[row]);
      };
    }
    case 'length': {
      const compare = comparator(condition.op, condition.value, condition.max);
      const field = condition.field ?? TEXT_FIELD;
      return (view) => {
        const lengths = view.lengths(field, condition.unit ?? 'chars');
        return (row) => compare(lengths[row]);
      };
    }
    case 'metadata': {
      const caseSensitive = condition.caseSensitive ?? true;
      const allowed = new Set(condition.values.map((value) => foldText(value, caseSensitive)));
      return (view) => {
        const values = view.folded(condition.field, caseSensitive);
        return (row) => allowed.has(values[row]);
      };
    }
    case 'similarity':
      return bindSimilarity(condition, context, lf);
    case 'and': {
      const parts = condition.conditions.map((part) => bindCondition(part, context, lf));
      return (view) => {
        const tests = parts.map((bind) => bind(view));
        return (row) => tests.every((test) => test(row));
      };
    }
    case 'or': {
      const parts = condition.conditions.map((part) => bindCondition(part, context, lf));
      return (view) => {
        const tests = parts.map((bind) => bind(view));
        return (row) => tests.some((test) => test(row));
      };
    }
    case 'not': {
      const inner = bindCondition(condition.condition, context, lf);
      return (view) => {
        const test = inner(view);
        return (row) => !test(row);
      };
    }
  }
}

/** Example vectors, each scaled to unit length, row-major k×dim. */
function exampleMatrix(condition: SimilarityCondition, context: LfContext, lf: LfLabel): { matrix: Float32Array; dim: number } {
  const vectors = condition.exampleIds.map((id) => {
    const example = context.example?.(id);
    if (!example) {
      throw new SiftError('lf-unknown-example', `LF "${lf.lfName}": example item "${id}" is not in this dataset`, { ...lf, exampleId: id });
    }
    if (example.vector) return example.vector;
    if (!context.embed) throw new SiftError('lf-no-embedder', `LF "${lf.lfName}": similarity needs an embedder to turn example "${id}" into a vector`, { ...lf });
    return context.embed(example.text);
  });
  const dim = vectors[0].length;
  const matrix = new Float32Array(vectors.length * dim);
  vectors.forEach((vector, k) => {
    if (vector.length !== dim) {
      throw new SiftError('lf-bad-vector', `LF "${lf.lfName}": example "${condition.exampleIds[k]}" has ${vector.length} dimensions, example "${condition.exampleIds[0]}" ${dim}`, { ...lf });
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vector[d] * vector[d];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) matrix[k * dim + d] = vector[d] * scale;
  });
  return { matrix, dim };
}

function bindSimilarity(condition: SimilarityCondition, context: LfContext, lf: LfLabel): BoundCondition {
  const { matrix, dim } = exampleMatrix(condition, context, lf);
  const examples = condition.exampleIds.length;
  const threshold = condition.threshold;
  return (view) => {
    const items = view.vectors();
    if (items.dim !== dim && view.size > 0) {
      throw new SiftError('lf-bad-vector', `LF "${lf.lfName}": item vectors have ${items.dim} dimensions, the examples ${dim}; were they made by another featurizer?`, { ...lf });
    }
    const { data, norms } = items;
    return (row) => {
      // A zero vector (empty text) has no direction: its similarity to anything counts as 0.
      const norm = norms[row];
      const base = row * dim;
      for (let k = 0; k < examples; k++) {
        let dot = 0;
        for (let d = 0, e = k * dim; d < dim; d++, e++) dot += data[base + d] * matrix[e];
        if ((norm > 0 ? dot / norm : 0) >= threshold) return true;
      }
      return false;
    };
  };
}
