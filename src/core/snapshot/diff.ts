import { Author, type LabelState } from '../labels';
import { NO_LABEL } from '../types';

/**
 * Where an item's effective label comes from in a snapshot: a human (by author), the label model, or
 * nowhere. Human labels win over the model's, as in exports.
 */
export const LabelOrigin = { none: 0, import: 1, you: 2, review: 3, model: 4 } as const;
export const labelOriginNames = ['none', 'import', 'you', 'review', 'label model'] as const;

export interface EffectiveLabels {
  label: Int16Array;
  origin: Uint8Array;
}

/** Human label where there is one, else the model's prediction (or none). */
export function effectiveLabels(human: LabelState, predicted: Int16Array | null): EffectiveLabels {
  const n = human.label.length;
  const label = new Int16Array(n);
  const origin = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (human.label[i] !== NO_LABEL) {
      label[i] = human.label[i];
      // Author codes and origin codes agree for human authors.
      origin[i] = human.author[i] === Author.none ? LabelOrigin.you : human.author[i];
    } else if (predicted && predicted[i] !== NO_LABEL) {
      label[i] = predicted[i];
      origin[i] = LabelOrigin.model;
    } else {
      label[i] = NO_LABEL;
      origin[i] = LabelOrigin.none;
    }
  }
  return { label, origin };
}

export interface LabelDiff {
  /** Items whose label or label origin differs, ascending. */
  changed: Uint32Array;
  /** Of those, items whose label itself differs. */
  labelChanged: number;
  /** Effective labels per class (index k counts unlabeled items) before and after. */
  countsBefore: number[];
  countsAfter: number[];
}

function classCounts(labels: Int16Array, k: number): number[] {
  const counts = new Array<number>(k + 1).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    counts[l >= 0 && l < k ? l : k]++;
  }
  return counts;
}

export function diffLabels(before: EffectiveLabels, after: EffectiveLabels, k: number): LabelDiff {
  const n = before.label.length;
  if (after.label.length !== n) throw new Error(`Snapshots of ${n} and ${after.label.length} items cannot be compared.`);
  const changed: number[] = [];
  let labelChanged = 0;
  for (let i = 0; i < n; i++) {
    const labelDiffers = before.label[i] !== after.label[i];
    if (labelDiffers || before.origin[i] !== after.origin[i]) {
      changed.push(i);
      if (labelDiffers) labelChanged++;
    }
  }
  return { changed: Uint32Array.from(changed), labelChanged, countsBefore: classCounts(before.label, k), countsAfter: classCounts(after.label, k) };
}

/**
 * The label events that turn `current` human labels into `target`: one event per author of the target
 * label (so "imported" labels come back as imported), each with per-item labels and previous labels.
 */
export function restoreChanges(current: LabelState, target: LabelState): { by: 'import' | 'you' | 'review'; items: Uint32Array; labels: Int16Array; prev: Int16Array }[] {
  const groups = new Map<'import' | 'you' | 'review', number[]>();
  for (let i = 0; i < current.label.length; i++) {
    if (current.label[i] === target.label[i] && current.author[i] === target.author[i]) continue;
    const by = target.author[i] === Author.import ? 'import' : target.author[i] === Author.review ? 'review' : 'you';
    let items = groups.get(by);
    if (!items) groups.set(by, (items = []));
    items.push(i);
  }
  return [...groups].map(([by, items]) => ({
    by,
    items: Uint32Array.from(items),
    labels: Int16Array.from(items, (i) => target.label[i]),
    prev: Int16Array.from(items, (i) => current.label[i]),
  }));
}
