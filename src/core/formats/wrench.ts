import { SiftError } from '../errors';
import { locateJsonError } from './json-locate';
import { lineColumnAt } from './json';

/**
 * WRENCH weak-supervision sets (Zhang et al., NeurIPS 2021 datasets track): `train.json`, `valid.json`,
 * `test.json`, each a JSON object keyed by item id whose values are
 * `{ "label": <class>, "weak_labels": [<vote per source>, …], "data": { "text": …, … } }` (−1 = abstain),
 * and `label.json` mapping class index to name. Parsed into columns: ids, gold labels, an n×m Int8
 * vote matrix, and each `data` field as one column (relation sets carry entity/span fields; all kept).
 */

export const wrenchSplits = ['train', 'valid', 'test'] as const;
export type WrenchSplitName = (typeof wrenchSplits)[number];

export interface WrenchSplit {
  name: WrenchSplitName;
  n: number;
  m: number;
  ids: string[];
  /** Gold class per item; −1 where the file has none (null / missing label). */
  gold: Int16Array;
  /** n×m row-major votes, −1 = abstain. */
  votes: Int8Array;
  /** `data` fields in first-seen order, one array per field; null where an item lacks the field. */
  data: Record<string, unknown[]>;
}

export interface WrenchDataset {
  classes: string[];
  k: number;
  /** Number of sources (weak_labels per item), the same in every split. */
  m: number;
  splits: Record<WrenchSplitName, WrenchSplit>;
}

export type WrenchFiles = Partial<Record<'label.json' | 'train.json' | 'valid.json' | 'test.json', string>>;

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const located = locateJsonError(text);
    const offset = located?.offset ?? 0;
    const { line, column } = lineColumnAt(text, offset);
    const expected = located ? `expected ${located.expected}` : 'it is not valid JSON';
    throw new SiftError('wrench/json', `${file} is not valid JSON: line ${line}, column ${column}: ${expected}.`, { file, line, column, offset });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `label.json`: {"0": "HAM", "1": "SPAM"}; keys must be exactly 0…k−1. */
export function parseWrenchLabels(text: string): string[] {
  const parsed = parseJson(text, 'label.json');
  if (!isObject(parsed)) throw new SiftError('wrench/label-json', 'label.json must be an object mapping class index to name, like {"0": "HAM", "1": "SPAM"}.');
  const keys = Object.keys(parsed);
  if (keys.length < 2) throw new SiftError('wrench/label-json', `label.json names ${keys.length} class; a label set needs at least two.`);
  const classes = new Array<string>(keys.length);
  for (const key of keys) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= keys.length || String(index) !== key) {
      throw new SiftError('wrench/label-json', `label.json has key "${key}"; its keys must be the class indices 0…${keys.length - 1}.`, { key });
    }
    classes[index] = String(parsed[key]);
  }
  return classes;
}

/** One split file. `k` (from label.json) bounds votes and labels; `m` (from an earlier split) fixes the width. */
export function parseWrenchSplit(text: string, name: WrenchSplitName, k: number, m?: number): WrenchSplit {
  const file = `${name}.json`;
  const parsed = parseJson(text, file);
  if (!isObject(parsed)) throw new SiftError('wrench/shape', `${file} must be a JSON object keyed by item id.`, { file });
  const ids = Object.keys(parsed);
  const n = ids.length;
  if (n === 0) throw new SiftError('wrench/empty', `${file} has no items.`, { file });
  const gold = new Int16Array(n);
  let width = m ?? -1;
  let votes = width >= 0 ? new Int8Array(n * width) : new Int8Array(0);
  const data: Record<string, unknown[]> = {};
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    const where = `${file}, item "${id}"`;
    const item = parsed[id];
    if (!isObject(item)) throw new SiftError('wrench/shape', `${where}: expected an object with label, weak_labels and data.`, { file, id });

    const label = item.label;
    if (label === null || label === undefined || label === -1) gold[i] = -1;
    else if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= k) {
      throw new SiftError('wrench/label', `${where}: label ${JSON.stringify(label)} is not one of the ${k} classes in label.json (0…${k - 1}).`, { file, id, label, k });
    } else gold[i] = label;

    const weak = item.weak_labels;
    if (!Array.isArray(weak)) throw new SiftError('wrench/shape', `${where}: weak_labels must be an array of votes.`, { file, id });
    if (width < 0) {
      if (weak.length === 0) throw new SiftError('wrench/ragged', `${where}: weak_labels is empty; there must be at least one source.`, { file, id });
      width = weak.length;
      votes = new Int8Array(n * width);
    }
    if (weak.length !== width) {
      const basis = m === undefined ? 'the first item of this file has' : 'the other splits have';
      throw new SiftError('wrench/ragged', `${where}: ${weak.length} weak labels, but ${basis} ${width}. Every item needs one vote per source.`, {
        file,
        id,
        expected: width,
        got: weak.length,
      });
    }
    for (let j = 0; j < width; j++) {
      const vote = weak[j];
      if (typeof vote !== 'number' || !Number.isInteger(vote)) {
        throw new SiftError('wrench/vote-type', `${where}, source ${j}: vote ${JSON.stringify(vote)} is not a whole number (−1 = abstain).`, { file, id, source: j, vote });
      }
      if (vote < -1 || vote >= k) {
        throw new SiftError('wrench/vote-range', `${where}, source ${j}: vote ${vote} is outside the classes 0…${k - 1} of label.json (−1 = abstain).`, {
          file,
          id,
          source: j,
          vote,
          k,
        });
      }
      votes[i * width + j] = vote;
    }

    const fields = item.data;
    if (fields !== undefined && fields !== null) {
      if (!isObject(fields)) throw new SiftError('wrench/shape', `${where}: data must be an object of fields.`, { file, id });
      for (const key of Object.keys(fields)) {
        let column = data[key];
        if (!column) {
          column = data[key] = new Array<unknown>(n).fill(null);
        }
        column[i] = fields[key];
      }
    }
  }
  return { name, n, m: width, ids, gold, votes, data };
}

/** All three splits and label.json, checked against each other. */
export function parseWrenchDataset(files: WrenchFiles): WrenchDataset {
  const missing = (['label.json', ...wrenchSplits.map((s) => `${s}.json`)] as (keyof WrenchFiles)[]).filter((f) => files[f] === undefined);
  if (missing.length > 0) {
    throw new SiftError(
      'wrench/missing-split',
      `The WRENCH folder lacks ${missing.join(', ')}; it needs label.json, train.json, valid.json and test.json.`,
      { missing },
    );
  }
  const classes = parseWrenchLabels(files['label.json']!);
  const k = classes.length;
  const train = parseWrenchSplit(files['train.json']!, 'train', k);
  const valid = parseWrenchSplit(files['valid.json']!, 'valid', k, train.m);
  const test = parseWrenchSplit(files['test.json']!, 'test', k, train.m);
  return { classes, k, m: train.m, splits: { train, valid, test } };
}
