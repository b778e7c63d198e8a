import { fitIndices, type LabelColumn } from '../canary';
import { SiftError } from '../errors';

/**
 * LF analysis over a vote matrix, Snorkel-style: how much each LF covers, where it overlaps and
 * conflicts with the others, which classes it votes, and how often it is right on dev gold labels.
 * LF analysis is LF tuning, so it asks the canary guard for its rows: canary items (their votes and
 * their labels) never enter any number here.
 */
export interface LfAnalysisInput {
  /** Row-major n×m, -1 = abstain. */
  votes: Int8Array;
  sourceCount: number;
  classCount: number;
  /** Split code per item (train=0, dev=1, canary=2). */
  splits: Uint8Array;
  /** Gold labels (NO_LABEL where none); only dev rows are read. */
  gold?: LabelColumn;
}

export interface DevAccuracy {
  /** Dev items with a gold label that this LF voted on. */
  votes: number;
  correct: number;
  /** correct / votes, null when the LF voted on no labelled dev item. */
  accuracy: number | null;
  /** Wilson 95% interval: with 12 dev votes, 0.75 means 0.47–0.91, and the UI should say so. */
  low: number | null;
  high: number | null;
}

export interface LfStats {
  source: number;
  /** Items (train + dev) this LF voted on. */
  votes: number;
  coverage: number;
  /** Items where this LF and at least one other voted. */
  overlaps: number;
  overlap: number;
  /** Items where this LF voted and another LF voted a different class. */
  conflicts: number;
  conflict: number;
  /** Classes this LF voted, ascending. */
  polarity: number[];
  /** Votes per class (length classCount). */
  classVotes: number[];
  dev: DevAccuracy;
}

export interface LfAnalysis {
  /** Items analysed: train + dev (canary excluded). */
  items: number;
  /** Dev items with a gold label. */
  devLabelled: number;
  /** Share of items with at least one vote / at least two / votes for two or more classes. */
  coverage: number;
  overlap: number;
  conflict: number;
  lfs: LfStats[];
  /** Per class: share of items with at least one vote for it, and how many LFs ever vote it. */
  classCoverage: number[];
  classSources: number[];
}

function checkShape(input: LfAnalysisInput): number {
  const { votes, sourceCount: m, splits, gold, classCount } = input;
  if (!Number.isInteger(m) || m < 0) throw new SiftError('bad-votes', `sourceCount must be a non-negative integer, got ${m}`, {});
  if (!Number.isInteger(classCount) || classCount < 1 || classCount > 127) throw new SiftError('bad-votes', `classCount must be 1–127, got ${classCount}`, {});
  const n = splits.length;
  if (votes.length !== n * m) throw new SiftError('bad-votes', `The vote matrix holds ${votes.length} votes, not ${n} items × ${m} sources`, {});
  if (gold && gold.length !== n) throw new SiftError('bad-votes', `${gold.length} gold labels for ${n} items`, {});
  return n;
}

export function wilson(correct: number, total: number): [number, number] {
  const z = 1.959964;
  const p = correct / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export function analyzeLfs(input: LfAnalysisInput): LfAnalysis {
  checkShape(input);
  const { votes, sourceCount: m, classCount: k, splits, gold } = input;
  const rows = fitIndices(splits, 'lf-tuning', 'train+dev');
  const voteCount = new Float64Array(m);
  const overlapCount = new Float64Array(m);
  const conflictCount = new Float64Array(m);
  const classVotes = new Float64Array(m * k);
  let covered = 0;
  let overlapped = 0;
  let conflicted = 0;
  const classCovered = new Float64Array(k);
  // Row (plus one) that last counted each class: a class counts once per item however many LFs vote it.
  const seenAt = new Int32Array(k);

  for (let r = 0; r < rows.length; r++) {
    const base = rows[r] * m;
    let voters = 0;
    let first = -1;
    let mixed = false;
    for (let j = 0; j < m; j++) {
      const vote = votes[base + j];
      if (vote === -1) continue;
      if (vote < -1 || vote >= k) {
        throw new SiftError('bad-votes', `Item ${rows[r]}, source ${j}: vote ${vote} is outside -1…${k - 1}`, { itemIndex: rows[r], source: j, vote });
      }
      voters++;
      if (first === -1) first = vote;
      else if (vote !== first) mixed = true;
    }
    if (voters === 0) continue;
    covered++;
    if (voters > 1) overlapped++;
    if (mixed) conflicted++;
    for (let j = 0; j < m; j++) {
      const vote = votes[base + j];
      if (vote === -1) continue;
      voteCount[j]++;
      classVotes[j * k + vote]++;
      if (seenAt[vote] !== r + 1) {
        seenAt[vote] = r + 1;
        classCovered[vote]++;
      }
      if (voters > 1) overlapCount[j]++;
      // Only one class comes from LF j, so a second class on the row is another LF disagreeing with it.
      if (mixed) conflictCount[j]++;
    }
  }

  const devVotes = new Float64Array(m);
  const devCorrect = new Float64Array(m);
  let devLabelled = 0;
  if (gold) {
    const devRows = fitIndices(splits, 'lf-tuning', 'dev');
    for (let r = 0; r < devRows.length; r++) {
      const label = gold[devRows[r]];
      if (label < 0) continue;
      if (label >= k) throw new SiftError('bad-votes', `Dev item ${devRows[r]} has gold label ${label}, outside 0…${k - 1}`, { itemIndex: devRows[r] });
      devLabelled++;
      const base = devRows[r] * m;
      for (let j = 0; j < m; j++) {
        const vote = votes[base + j];
        if (vote === -1) continue;
        devVotes[j]++;
        if (vote === label) devCorrect[j]++;
      }
    }
  }

  const items = rows.length;
  const share = (count: number) => (items === 0 ? 0 : count / items);
  const lfs: LfStats[] = [];
  for (let j = 0; j < m; j++) {
    const perClass = Array.from(classVotes.subarray(j * k, (j + 1) * k));
    const interval = devVotes[j] > 0 ? wilson(devCorrect[j], devVotes[j]) : null;
    lfs.push({
      source: j,
      votes: voteCount[j],
      coverage: share(voteCount[j]),
      overlaps: overlapCount[j],
      overlap: share(overlapCount[j]),
      conflicts: conflictCount[j],
      conflict: share(conflictCount[j]),
      polarity: perClass.flatMap((count, c) => (count > 0 ? [c] : [])),
      classVotes: perClass,
      dev: {
        votes: devVotes[j],
        correct: devCorrect[j],
        accuracy: devVotes[j] > 0 ? devCorrect[j] / devVotes[j] : null,
        low: interval ? interval[0] : null,
        high: interval ? interval[1] : null,
      },
    });
  }
  const classSources = Array.from({ length: k }, (_, c) => lfs.filter((lf) => lf.classVotes[c] > 0).length);
  return { items, devLabelled, coverage: share(covered), overlap: share(overlapped), conflict: share(conflicted), lfs, classCoverage: Array.from(classCovered, share), classSources };
}

/**
 * Classes no LF votes for, named in one sentence (null when every class has a voter). Such a class can
 * only come from the prior: the label model never predicts it from evidence.
 */
export function unvotedClassesWarning(analysis: Pick<LfAnalysis, 'classSources'>, classNames: readonly string[]): string | null {
  const missing = analysis.classSources.flatMap((count, c) => (count === 0 ? [classNames[c] ?? String(c)] : []));
  if (missing.length === 0) return null;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  return `No LF votes for ${list}: the label model cannot predict ${missing.length === 1 ? 'it' : 'them'} from evidence, only from the class prior. Write an LF that votes ${missing.length === 1 ? 'it' : 'each of them'}.`;
}

export type LfItemFilter = 'votes' | 'conflicts' | 'dev-disagreements';

/**
 * Indices of the items to browse for one LF: all it votes on, those where another LF votes a different
 * class, or dev items whose gold label it gets wrong. Canary items are never listed.
 */
export function lfItems(input: LfAnalysisInput, source: number, filter: LfItemFilter): Uint32Array {
  checkShape(input);
  const { votes, sourceCount: m, splits, gold } = input;
  if (!Number.isInteger(source) || source < 0 || source >= m) throw new SiftError('bad-votes', `There is no source ${source} (sources 0–${m - 1})`, {});
  if (filter === 'dev-disagreements' && !gold) return new Uint32Array(0);
  const rows = fitIndices(splits, 'lf-tuning', filter === 'dev-disagreements' ? 'dev' : 'train+dev');
  const picked: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const base = rows[r] * m;
    const vote = votes[base + source];
    if (vote === -1) continue;
    if (filter === 'votes') picked.push(rows[r]);
    else if (filter === 'dev-disagreements') {
      const label = gold![rows[r]];
      if (label >= 0 && label !== vote) picked.push(rows[r]);
    } else {
      for (let j = 0; j < m; j++) {
        const other = votes[base + j];
        if (other !== -1 && other !== vote) {
          picked.push(rows[r]);
          break;
        }
      }
    }
  }
  return Uint32Array.from(picked);
}
