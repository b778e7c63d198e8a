import { assertNoCanary, type FitPurpose } from '../canary';
import { SiftError } from '../errors';

/**
 * What a student is trained on, one row per training item: a (tempered) soft target, a hard label and a
 * weight. The loss is Σ w·[α·T²·KL(q_T ‖ softmax(z/T)) + (1−α)·CE(hard, softmax(z))] / Σ w, so one
 * shape serves plain supervised training (α = 0), distillation (α > 0) and pseudo-labels.
 */
export interface TrainingTargets {
  k: number;
  /** Dataset item indices, never canary (checked by the guard when built). */
  rows: Uint32Array;
  /** rows×k: the target distribution softened by the temperature, q_T = softmax(log q / T). */
  soft: Float32Array;
  hard: Int16Array;
  weight: Float32Array;
  temperature: number;
  alpha: number;
}

/** How much a soft-labelled item counts: equally, by its top probability, or by top − second. */
export type ConfidenceWeighting = 'none' | 'confidence' | 'margin';

export interface TargetSpec {
  k: number;
  splits: Uint8Array;
  purpose: Extract<FitPurpose, 'training' | 'distillation'>;
  /** Items with a human label to train on, and their labels (one-hot targets). */
  seedRows: ArrayLike<number>;
  seedLabels: ArrayLike<number>;
  seedWeight?: number;
  /** Row-aligned with seedRows: a factor on each seed's weight (synthetic-batch class weights). */
  seedWeights?: ArrayLike<number>;
  /** Soft-labelled items (teacher, label model, earlier student) and the n×k probabilities they come from. */
  softRows?: ArrayLike<number>;
  softProbs?: Float32Array;
  weighting?: ConfidenceWeighting;
  temperature?: number;
  alpha?: number;
  /** Class names, for messages. */
  classNames?: readonly string[];
}

const EPS = 1e-7;

export function checkTemperature(temperature: number): void {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new SiftError('student/temperature', `The distillation temperature must be a number above 0; got ${temperature}. T = 1 keeps the teacher's probabilities as they are, T > 1 softens them.`, { temperature });
  }
}

export function checkAlpha(alpha: number): void {
  if (!(alpha >= 0 && alpha <= 1)) throw new SiftError('student/alpha', `α (the share of the soft-target loss) must lie between 0 and 1; got ${alpha}.`, { alpha });
}

function weightOf(probs: Float32Array, base: number, k: number, weighting: ConfidenceWeighting): number {
  if (weighting === 'none') return 1;
  let top = 0;
  let second = 0;
  for (let c = 0; c < k; c++) {
    const p = probs[base + c];
    if (p > top) {
      second = top;
      top = p;
    } else if (p > second) second = p;
  }
  return weighting === 'confidence' ? top : top - second;
}

/** Builds the targets; throws a specific SiftError for every input a student cannot learn from. */
export function buildTargets(spec: TargetSpec): TrainingTargets {
  const { k, splits, purpose } = spec;
  const temperature = spec.temperature ?? 1;
  const alpha = spec.alpha ?? 0;
  const weighting = spec.weighting ?? 'none';
  checkTemperature(temperature);
  checkAlpha(alpha);
  const seedWeight = spec.seedWeight ?? 1;
  if (!(seedWeight > 0)) throw new SiftError('student/seed-weight', `The weight of human labels must be above 0; got ${seedWeight}.`);
  if (spec.seedWeights && spec.seedWeights.length !== spec.seedRows.length) throw new SiftError('student/shape', `${spec.seedRows.length} seed items but ${spec.seedWeights.length} seed weights.`);
  if (spec.seedRows.length !== spec.seedLabels.length) throw new SiftError('student/shape', `${spec.seedRows.length} seed items but ${spec.seedLabels.length} seed labels.`);
  const softRows = spec.softRows ?? [];
  if (softRows.length > 0 && !spec.softProbs) throw new SiftError('student/shape', 'Soft-labelled items were given without their probabilities.');
  assertNoCanary(splits, spec.seedRows, purpose);
  assertNoCanary(splits, softRows, purpose);

  // A human label wins over a soft label for the same item.
  const seeded = new Set<number>();
  for (let s = 0; s < spec.seedRows.length; s++) seeded.add(spec.seedRows[s]);
  let softCount = 0;
  for (let s = 0; s < softRows.length; s++) if (!seeded.has(softRows[s])) softCount++;
  const total = spec.seedRows.length + softCount;
  const rows = new Uint32Array(total);
  const soft = new Float32Array(total * k);
  const hard = new Int16Array(total);
  const weight = new Float32Array(total);
  const name = (c: number) => spec.classNames?.[c] ?? String(c);

  for (let s = 0; s < spec.seedRows.length; s++) {
    const label = spec.seedLabels[s];
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new SiftError('student/label-range', `Seed item ${spec.seedRows[s]} has label ${label}; labels must be classes 0…${k - 1}.`, { itemIndex: spec.seedRows[s] });
    }
    rows[s] = spec.seedRows[s];
    soft[s * k + label] = 1;
    hard[s] = label;
    weight[s] = seedWeight * (spec.seedWeights ? spec.seedWeights[s] : 1);
  }

  const probs = spec.softProbs;
  const beta = 1 / temperature;
  let at = spec.seedRows.length;
  for (let s = 0; s < softRows.length; s++) {
    const item = softRows[s];
    if (seeded.has(item)) continue;
    const base = item * k;
    if (!probs || base + k > probs.length) throw new SiftError('student/shape', `Item ${item} has no probabilities (the teacher's matrix holds ${probs ? probs.length / k : 0} items).`, { itemIndex: item });
    let sum = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const p = probs[base + c];
      if (!Number.isFinite(p) || p < 0) throw new SiftError('student/bad-targets', `The teacher's probability of class ${name(c)} for item ${item} is ${p}; probabilities must be finite and ≥ 0.`, { itemIndex: item });
      sum += p;
      if (p > probs[base + best]) best = c;
    }
    if (!(Math.abs(sum - 1) < 1e-3)) throw new SiftError('student/bad-targets', `The teacher's probabilities for item ${item} sum to ${sum.toFixed(4)}, not 1.`, { itemIndex: item });
    // q_T = softmax(log q / T), computed stably from the largest term.
    const top = Math.log(Math.max(EPS, probs[base + best]));
    let norm = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(beta * (Math.log(Math.max(EPS, probs[base + c])) - top));
      soft[at * k + c] = e;
      norm += e;
    }
    for (let c = 0; c < k; c++) soft[at * k + c] /= norm;
    rows[at] = item;
    hard[at] = best;
    weight[at] = weightOf(probs, base, k, weighting);
    at++;
  }

  const present = new Set<number>();
  for (let r = 0; r < total; r++) if (weight[r] > 0) present.add(hard[r]);
  if (present.size < 2) {
    const what = softCount === 0 ? 'the seed labels' : 'the training targets';
    const has = present.size === 0 ? 'no class at all' : `only class ${name([...present][0])}`;
    throw new SiftError('student/one-class', `A student needs at least 2 classes among ${what}; ${has} (${total} items). Label items of another class first.`, { classes: [...present] });
  }
  return { k, rows, soft, hard, weight, temperature, alpha };
}

/**
 * Reorders a teacher's probability columns into the dataset's class order, matching names (case and
 * surrounding spaces ignored). Every dataset class needs exactly one teacher label; a teacher label with
 * no dataset class is an error too (its probability mass would have nowhere to go).
 */
export function mapTeacherLabels(teacherLabels: readonly string[], classNames: readonly string[]): Int32Array {
  const norm = (s: string) => s.trim().toLowerCase();
  const byName = new Map<string, number>();
  teacherLabels.forEach((label, j) => {
    if (byName.has(norm(label))) throw new SiftError('student/label-map', `The teacher names the label "${label}" twice.`, { label });
    byName.set(norm(label), j);
  });
  const columnOf = new Int32Array(classNames.length);
  const missing: string[] = [];
  classNames.forEach((name, c) => {
    const j = byName.get(norm(name));
    if (j === undefined) missing.push(name);
    else columnOf[c] = j;
  });
  const known = new Set(classNames.map(norm));
  const extra = teacherLabels.filter((label) => !known.has(norm(label)));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [];
    if (missing.length) parts.push(`no teacher label for the dataset's class${missing.length > 1 ? 'es' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
    if (extra.length) parts.push(`the teacher's label${extra.length > 1 ? 's' : ''} ${extra.map((m) => `"${m}"`).join(', ')} match${extra.length > 1 ? '' : 'es'} no class of the dataset`);
    throw new SiftError('student/label-map', `The teacher's labels do not map to this dataset's classes: ${parts.join('; ')}. Teacher labels: ${teacherLabels.join(', ')}; dataset classes: ${classNames.join(', ')}.`, { missing, extra });
  }
  return columnOf;
}

/** `probs` (n × teacherLabels) in the dataset's class order, using `mapTeacherLabels`'s column map. */
export function reorderColumns(probs: Float32Array, columnOf: Int32Array, teacherK: number): Float32Array {
  const n = probs.length / teacherK;
  const k = columnOf.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = probs[i * teacherK + columnOf[c]];
  return out;
}
