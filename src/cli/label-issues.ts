import { SiftError } from '../core/errors';
import { findLabelIssues, labelQualityScores, validateLabeledProbs, type LabeledProbs } from '../core/label-issues/index';
import { parseOptions } from './args';
import { readCsvFile, type CsvTable } from './csv-file';

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['probs', 'labels']);
  const probs = options.get('probs');
  const labels = options.get('labels');
  if (!probs || !labels) {
    throw new SiftError('usage/label-issues', 'label-issues needs --probs P.csv (id, then one probability column per class) and --labels L.csv (id,label).');
  }
  process.stdout.write(JSON.stringify(labelIssuesReport(readCsvFile(probs, 'probs'), readCsvFile(labels, 'labels'))) + '\n');
}

export interface LabelIssuesReport {
  /** Every id, most likely label error first (lowest self-confidence). */
  ranked: string[];
  /** Ids confident learning flags, in the same order. */
  flagged: string[];
  classes: string[];
  thresholds: number[];
  /** `[given][true]`, calibrated. */
  confident_joint: number[][];
  issues: { id: string; given: string; predicted: string; self_confidence: number; normalized_margin: number }[];
}

/** Joins a probability table and a label table by id, checks both, and runs confident learning. */
export function labelIssuesReport(probs: CsvTable, labels: CsvTable): LabelIssuesReport {
  const data = joinTables(probs, labels);
  const rowName = (i: number) => `${probs.name} line ${probs.lines[i]} (id "${data.ids[i]}")`;
  validateLabeledProbs(data, rowName);
  const issues = findLabelIssues(data);
  const selfConfidence = labelQualityScores(data, 'self_confidence');
  const margin = labelQualityScores(data, 'normalized_margin');
  const order = Uint32Array.from({ length: data.n }, (_, i) => i).sort((a, b) => selfConfidence[a] - selfConfidence[b] || a - b);
  const predicted = (i: number) => {
    let best = 0;
    for (let j = 1; j < data.k; j++) if (data.probs[i * data.k + j] > data.probs[i * data.k + best]) best = j;
    return best;
  };
  return {
    ranked: Array.from(order, (i) => data.ids[i]),
    flagged: Array.from(issues.flagged, (i) => data.ids[i]),
    classes: data.classes,
    thresholds: issues.thresholds.map(round),
    confident_joint: issues.confidentJoint,
    issues: Array.from(issues.flagged, (i) => ({
      id: data.ids[i],
      given: data.classes[data.labels[i]],
      predicted: data.classes[predicted(i)],
      self_confidence: round(selfConfidence[i]),
      normalized_margin: round(margin[i]),
    })),
  };
}

function joinTables(probs: CsvTable, labels: CsvTable): LabeledProbs & { ids: string[]; classes: string[] } {
  if (probs.columns[0]?.toLowerCase() !== 'id') {
    throw new SiftError('label-issues/probs-header', `${probs.name}: the first column must be "id", then one probability column per class; the header is ${probs.columns.join(',')}.`);
  }
  const classes = probs.columns.slice(1);
  if (classes.length < 2) throw new SiftError('label-issues/probs-header', `${probs.name}: needs at least 2 class columns after "id"; the header has ${classes.length}.`);
  const idColumn = labels.columns.findIndex((c) => c.toLowerCase() === 'id');
  const labelColumn = labels.columns.findIndex((c) => c.toLowerCase() === 'label');
  if (idColumn < 0 || labelColumn < 0) {
    throw new SiftError('label-issues/labels-header', `${labels.name}: needs columns "id" and "label"; the header is ${labels.columns.join(',')}.`);
  }
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const labelOf = new Map<string, number>();
  labels.rows.forEach((row, r) => {
    const value = row[labelColumn].trim();
    const at = `${labels.name} line ${labels.lines[r]} (id "${row[idColumn]}")`;
    let index = classIndex.get(value);
    // A bare class number is accepted when no class is named like it.
    if (index === undefined && /^\d+$/.test(value) && Number(value) < classes.length) index = Number(value);
    if (index === undefined) {
      throw new SiftError('label-issues/label', `${at}: label "${value}" is not one of the classes in ${probs.name} (${classes.join(', ')}) nor a class number 0..${classes.length - 1}.`, {
        line: labels.lines[r],
      });
    }
    if (labelOf.has(row[idColumn])) throw new SiftError('label-issues/duplicate-id', `${at}: id "${row[idColumn]}" is labeled twice.`, { line: labels.lines[r] });
    labelOf.set(row[idColumn], index);
  });

  const n = probs.rows.length;
  const k = classes.length;
  if (n === 0) throw new SiftError('label-issues/empty', `${probs.name} has no rows.`);
  const values = new Float64Array(n * k);
  const given = new Int32Array(n);
  const ids: string[] = [];
  const seen = new Set<string>();
  probs.rows.forEach((row, i) => {
    const id = row[0];
    const at = `${probs.name} line ${probs.lines[i]} (id "${id}")`;
    if (seen.has(id)) throw new SiftError('label-issues/duplicate-id', `${at}: id "${id}" appears twice.`, { line: probs.lines[i] });
    seen.add(id);
    ids.push(id);
    for (let j = 0; j < k; j++) {
      const cell = row[j + 1].trim();
      const p = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(p)) {
        throw new SiftError('label-issues/number', `${at}: "${cell}" in column "${classes[j]}" is not a number.`, { line: probs.lines[i] });
      }
      values[i * k + j] = p;
    }
    const label = labelOf.get(id);
    if (label === undefined) throw new SiftError('label-issues/missing-label', `${at}: id "${id}" has no label in ${labels.name}.`, { line: probs.lines[i] });
    given[i] = label;
  });
  return { n, k, probs: values, labels: given, ids, classes };
}
