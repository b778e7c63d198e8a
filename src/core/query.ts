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
}

export const matchAll: ItemQuery = { text: '', regex: false, caseSensitive: false, label: 'any', split: 'any' };

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
 * Indices (ascending) of items matching every part of the query. Cheap tests first: label and split
 * are array reads, the text test runs only on items that pass them.
 */
export function filterItems(texts: readonly string[], labels: Int16Array, splits: Uint8Array, query: ItemQuery): Uint32Array {
  const pattern = compileTextQuery(query);
  const out = new Uint32Array(texts.length);
  let count = 0;
  const { label, split } = query;
  for (let i = 0; i < texts.length; i++) {
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
