import { fitIndices, type LabelColumn } from '../canary';
import { mulberry32 } from '../random';
import { NO_LABEL, Split } from '../types';
import { wilson, type DevAccuracy } from './analysis';
import type { RowTest } from './conditions';

/**
 * The live preview of an LF being edited: what it would vote on a sample of the dataset, how often it is
 * right on dev, and a few of the items it hits. Editing an LF is LF tuning, so the rows come from the
 * canary guard: canary items are neither counted nor shown.
 */

/** Items the preview looks at: every dev item (they carry the gold labels) plus a seeded sample of the rest. */
export function previewSample(splits: Uint8Array, cap: number, seed = 1): Uint32Array {
  const dev = fitIndices(splits, 'lf-tuning', 'dev');
  const train = fitIndices(splits, 'lf-tuning', 'train');
  const room = Math.max(0, cap - dev.length);
  if (train.length <= room) return mergeSorted(dev, train);
  // A partial Fisher–Yates: the first `room` slots become a uniform sample, seeded so every keystroke
  // looks at the same items and numbers move only because the LF changed.
  const pool = train.slice();
  const random = mulberry32(seed);
  for (let i = 0; i < room; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return mergeSorted(dev, pool.subarray(0, room).sort());
}

function mergeSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}

export interface PreviewHit {
  index: number;
  id: string;
  text: string;
  /** The dev gold label, NO_LABEL when the item is not a labelled dev item. */
  gold: number;
}

export interface LfPreview {
  /** Items in the dataset, those an LF may be tuned on (all but canary), and those looked at. */
  datasetItems: number;
  eligible: number;
  sampled: number;
  /** Sampled items the LF votes on. */
  hits: number;
  coverage: number;
  /** Votes per class on the sample (an LF that votes one class has one non-zero entry). */
  votesPerClass: number[];
  dev: DevAccuracy & {
    /** Labelled dev items (all are in the sample). */
    labelled: number;
    /** Of the dev items it votes on, how many have each gold class. */
    hitsByGold: number[];
  };
  /** Up to `exampleCount` hits spread over the sample, texts cut to `textLimit` characters. */
  examples: PreviewHit[];
}

export interface PreviewOptions {
  classCount: number;
  datasetItems: number;
  /** Items outside canary: the population the sample is drawn from. */
  eligible: number;
  splits: Uint8Array;
  gold: LabelColumn;
  exampleCount?: number;
  textLimit?: number;
}

/**
 * Collects a preview chunk by chunk, so the worker can stop between chunks when the request is
 * superseded. `vote(row)` is the LF's class for a row of the chunk, or -1.
 */
export class PreviewCollector {
  private sampled = 0;
  private hits = 0;
  private readonly votesPerClass: number[];
  private readonly hitsByGold: number[];
  private labelled = 0;
  private devVotes = 0;
  private devCorrect = 0;
  /** Dataset indices of every hit, to pick examples spread over the sample at the end. */
  private readonly hitRows: number[] = [];

  constructor(private readonly options: PreviewOptions) {
    this.votesPerClass = new Array(options.classCount).fill(0);
    this.hitsByGold = new Array(options.classCount).fill(0);
  }

  /**
   * Rows `rows` (local to the chunk, ascending) of a chunk starting at dataset index `start`. Rows must
   * come from previewSample: the collector trusts it for the canary rule and checks only the split.
   */
  add(start: number, rows: ArrayLike<number>, test: RowTest, vote: number): void {
    const { splits, gold } = this.options;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const index = start + row;
      if (splits[index] === Split.canary) continue;
      this.sampled++;
      const isDev = splits[index] === Split.dev && gold[index] !== NO_LABEL;
      if (isDev) this.labelled++;
      if (!test(row)) continue;
      this.hits++;
      this.votesPerClass[vote]++;
      this.hitRows.push(index);
      if (isDev) {
        this.devVotes++;
        if (gold[index] === vote) this.devCorrect++;
        if (gold[index] >= 0 && gold[index] < this.options.classCount) this.hitsByGold[gold[index]]++;
      }
    }
  }

  /** Positions in hitRows of the examples: evenly spread, so they are not all from the first chunk. */
  private pick(): number[] {
    const count = Math.min(this.options.exampleCount ?? 20, this.hitRows.length);
    const step = this.hitRows.length / Math.max(1, count);
    return Array.from({ length: count }, (_, k) => Math.floor(k * step));
  }

  /** `item(index)` reads an example's id and text (the worker has them in memory). */
  result(item: (index: number) => { id: string; text: string }): LfPreview {
    const limit = this.options.textLimit ?? 300;
    const examples = this.pick().map((k) => {
      const index = this.hitRows[k];
      const { id, text } = item(index);
      const { splits, gold } = this.options;
      return { index, id, text: text.length > limit ? `${text.slice(0, limit)}…` : text, gold: splits[index] === Split.dev ? gold[index] : NO_LABEL };
    });
    const interval = this.devVotes > 0 ? wilson(this.devCorrect, this.devVotes) : null;
    return {
      datasetItems: this.options.datasetItems,
      eligible: this.options.eligible,
      sampled: this.sampled,
      hits: this.hits,
      coverage: this.sampled > 0 ? this.hits / this.sampled : 0,
      votesPerClass: this.votesPerClass,
      dev: {
        labelled: this.labelled,
        votes: this.devVotes,
        correct: this.devCorrect,
        accuracy: this.devVotes > 0 ? this.devCorrect / this.devVotes : null,
        low: interval?.[0] ?? null,
        high: interval?.[1] ?? null,
        hitsByGold: this.hitsByGold,
      },
      examples,
    };
  }
}
