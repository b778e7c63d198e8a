import { SiftError } from './errors';
import { NO_LABEL } from './types';

export interface ItemQuery {
  /** Substring, or a regular expression when `regex` is set. Empty matches everything. */
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  /** A class index, 'unlabeled', 'labeled', or 'any'. */
  label: number | 'unlabeled' | 'labeled' | 'any';
  /** A split code, or 'any'. */
  split: number | 'any';
  /** Only these items (ascending indices), e.g. those one LF votes on; `name` says what they are. */
  subset?: ItemSubset | null;
  /** A class index the label model predicts, or 'any'. Needs `ItemPredictions`. */
  predicted?: number | 'any';
  /** Inclusive range of the label model's confidence (its top probability), or null for any. */
  confidence?: [number, number] | null;
}

export interface ItemSubset {
  name: string;
  items: Uint32Array;
}

/** The label model's hard label and confidence per item, for the `predicted`/`confidence` filters. */
export interface ItemPredictions {
  label: Int16Array;
  confidence: Float32Array;
}

export const matchAll: ItemQuery = { text: '', regex: false, caseSensitive: false, label: 'any', split: 'any', subset: null, predicted: 'any', confidence: null };

/** True when the query keeps every item (so no scan is needed). */
export function matchesEverything(query: ItemQuery): boolean {
  return query.text === '' && query.label === 'any' && query.split === 'any' && !query.subset && (query.predicted ?? 'any') === 'any' && !query.confidence;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pattern a query's text compiles to; a bad regex is the user's to fix, so say why. */
export function compileTextQuery(query: Pick<ItemQuery, 'text' | 'regex' | 'caseSensitive'>): RegExp | null {
  if (query.text === '') return null;
  const flags = query.caseSensitive ? 'u' : 'iu';
  try {
    return new RegExp(query.regex ? query.text : escapeRegExp(query.text), flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new SiftError('query-bad-regex', `The filter is not a valid regular expression: ${reason}`, { pattern: query.text });
  }
}

/**
 * Indices (ascending) of items matching every part of the query. Cheap tests first: label, split and
 * prediction are array reads, the text test runs only on items that pass them. With a subset only its
 * items are visited.
 */
export function filterItems(texts: readonly string[], labels: Int16Array, splits: Uint8Array, query: ItemQuery, predictions?: ItemPredictions | null): Uint32Array {
  const pattern = compileTextQuery(query);
  const { label, split } = query;
  const predicted = query.predicted ?? 'any';
  const range = query.confidence ?? null;
  if ((predicted !== 'any' || range) && !predictions) {
    throw new SiftError('query-no-predictions', 'Filtering by predicted class or confidence needs a label model run: run one in the Label model tab first.', {});
  }
  const subset = query.subset?.items ?? null;
  const visits = subset ? subset.length : texts.length;
  const out = new Uint32Array(visits);
  let count = 0;
  for (let v = 0; v < visits; v++) {
    const i = subset ? subset[v] : v;
    if (i >= texts.length) continue;
    if (predictions) {
      if (predicted !== 'any' && predictions.label[i] !== predicted) continue;
      if (range && !(predictions.confidence[i] >= range[0] && predictions.confidence[i] <= range[1])) continue;
    }
    if (label !== 'any') {
      const l = labels[i];
      if (label === 'unlabeled' ? l !== NO_LABEL : label === 'labeled' ? l === NO_LABEL : l !== label) continue;
    }
    if (split !== 'any' && splits[i] !== split) continue;
    if (pattern && !pattern.test(texts[i])) continue;
    out[count++] = i;
  }
  return out.slice(0, count);
}
