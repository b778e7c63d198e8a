import { SiftError } from './errors';
import { mulberry32, shuffleInPlace } from './random';
import { wilsonInterval } from './slices/intervals';
import type { PoolMixEstimate } from './pool-mix';
import type { SplitRequest } from './split';
import { NO_LABEL, Split } from './types';

/**
 * Draws canary and dev sets uniformly at random from the whole pool, labelled or not: the only draw
 * whose class mix is the data's own, whatever a bulk label or a regex has labelled so far. The user then
 * labels the drawn items; until they do, what the sets measure is partial (see `splitProgress`).
 */
export function drawPoolSplits(itemCount: number, request: SplitRequest): Uint8Array {
  if (!Number.isInteger(request.canary) || !Number.isInteger(request.dev) || request.canary < 0 || request.dev < 0) {
    throw new SiftError('split-size', 'Canary and dev sizes must be whole numbers of items, 0 or more.');
  }
  const eligible: number[] = [];
  for (let i = 0; i < itemCount; i++) if (!request.exclude?.[i]) eligible.push(i);
  const wanted = request.canary + request.dev;
  if (wanted > eligible.length) {
    const excluded = itemCount - eligible.length;
    throw new SiftError(
      'split-too-few-items',
      `Canary (${request.canary.toLocaleString('en-US')}) and dev (${request.dev.toLocaleString('en-US')}) need ${wanted.toLocaleString('en-US')} items, but the pool has only ${eligible.length.toLocaleString('en-US')}${excluded ? ` (${excluded.toLocaleString('en-US')} synthetic items never count)` : ''}. Choose smaller sets.`,
      { eligible: eligible.length, wanted },
    );
  }
  const order = shuffleInPlace(Uint32Array.from(eligible), mulberry32(request.seed));
  const splits = new Uint8Array(itemCount).fill(Split.train);
  for (let t = 0; t < wanted; t++) splits[order[t]] = t < request.canary ? Split.canary : Split.dev;
  return splits;
}

export interface SplitProgress {
  total: number;
  labelled: number;
}

/** How many canary and dev items carry a label: metrics on a set are partial until it is fully labelled. */
export function splitProgress(splits: Uint8Array, labels: Int16Array): { canary: SplitProgress; dev: SplitProgress } {
  const canary = { total: 0, labelled: 0 };
  const dev = { total: 0, labelled: 0 };
  for (let i = 0; i < splits.length; i++) {
    const set = splits[i] === Split.canary ? canary : splits[i] === Split.dev ? dev : null;
    if (!set) continue;
    set.total++;
    if (labels[i] !== NO_LABEL && labels[i] >= 0) set.labelled++;
  }
  return { canary, dev };
}

/** "canary: 212 of 500 labelled". */
export function progressText(name: string, p: SplitProgress): string {
  return `${name}: ${p.labelled.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} labelled`;
}

export interface MixDeparture {
  classIndex: number;
  /** Share among the labelled items, with its Wilson 95 % interval. */
  share: number;
  low: number;
  high: number;
  /** Share the pool estimate gives the class. */
  expected: number;
  /** The estimate's own 95 % interval, when it was corrected for the model's errors on dev (pool-mix.ts). */
  expectedLow?: number;
  expectedHigh?: number;
  /** Dev items that correction was measured on. */
  devItems?: number;
}

/**
 * Classes whose share among the labelled items (those a stratified draw would take) is incompatible
 * with the pool's estimated mix: the estimate falls outside the share's Wilson 95 % interval. A fixed
 * tolerance would flag noise on 30 items and miss real skew on 30,000; the interval scales with n.
 * `poolLabels` is one predicted label per item (the label model's), −1 where it has none. With an
 * `estimate` corrected for the model's errors, a class departs only when the two intervals are disjoint.
 */
export function classMixDepartures(labels: Int16Array, poolLabels: ArrayLike<number>, k: number, exclude?: Uint8Array, estimate?: PoolMixEstimate | null): MixDeparture[] {
  const labelled = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) {
    if (exclude?.[i]) continue;
    const l = labels[i];
    if (l >= 0 && l < k) labelled[l]++;
    const p = poolLabels[i];
    if (p >= 0 && p < k) predicted[p]++;
  }
  const n = labelled.reduce((a, b) => a + b, 0);
  const m = predicted.reduce((a, b) => a + b, 0);
  if (n === 0 || m === 0) return [];
  const out: MixDeparture[] = [];
  for (let c = 0; c < k; c++) {
    const { low, high } = wilsonInterval(labelled[c], n);
    if (estimate) {
      const [eLow, eHigh] = [estimate.low[c], estimate.high[c]];
      if (eHigh < low || eLow > high) out.push({ classIndex: c, share: labelled[c] / n, low, high, expected: estimate.mix[c], expectedLow: eLow, expectedHigh: eHigh, devItems: estimate.devItems });
      continue;
    }
    const expected = predicted[c] / m;
    if (expected < low || expected > high) out.push({ classIndex: c, share: labelled[c] / n, low, high, expected });
  }
  return out;
}

/** One sentence naming each departing class, or null when the labelled mix fits the estimate. */
export function mixWarning(departures: readonly MixDeparture[], classNames: readonly string[], source: string): string | null {
  if (departures.length === 0) return null;
  const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
  const corrected = (d: MixDeparture) => (d.expectedLow === undefined ? '' : ` (95 % interval ${pct(d.expectedLow)}–${pct(d.expectedHigh!)}, corrected for the model's errors on ${d.devItems} dev items)`);
  const parts = departures.map((d) => `${classNames[d.classIndex] ?? d.classIndex} is ${pct(d.share)} of the labelled items (95 % interval ${pct(d.low)}–${pct(d.high)}) but about ${pct(d.expected)} of the pool${corrected(d)}`);
  return `The labelled items do not look like the pool (estimate from ${source}): ${parts.join('; ')}. A canary drawn from them measures a different mix than the data; draw from the whole pool instead.`;
}
