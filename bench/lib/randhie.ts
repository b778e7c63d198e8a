import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { standardizedFeatures } from '../../src/core/student/tabular';
import type { PipelineData, PipelineSplit } from '../../src/cli/pipeline';

/**
 * RAND HIE (public/sample/tabular/randhie-2000.csv): self-rated health in 4 imbalanced classes
 * (excellent 1,091 / good 724 / fair 155 / poor 30). Field LFs written from the variables' meaning
 * (more chronic disease, physical limitation and doctor visits → worse health) with thresholds at
 * quantiles of the unlabelled fields; never tuned on labels.
 */
const CLASSES = ['excellent', 'good', 'fair', 'poor'];
const LFS: { field: string; op: '>=' | '<='; value: number; vote: number }[] = [
  { field: 'disea', op: '<=', value: 5, vote: 0 },
  { field: 'mdvis', op: '<=', value: 0, vote: 0 },
  { field: 'disea', op: '>=', value: 10, vote: 1 },
  { field: 'mdvis', op: '>=', value: 3, vote: 1 },
  { field: 'physlm', op: '>=', value: 1, vote: 2 },
  { field: 'disea', op: '>=', value: 20, vote: 2 },
  { field: 'mdvis', op: '>=', value: 10, vote: 2 },
  { field: 'disea', op: '>=', value: 30, vote: 3 },
  { field: 'mdvis', op: '>=', value: 20, vote: 3 },
];

/** A seeded 60/20/20 split into pool, dev and canary; standardised fields for the student. */
export function randhie(root: string, seed: number): PipelineData {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(join(root, 'public/sample/tabular/randhie-2000.csv'), 'utf8'), { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  const fields = Object.keys(rows[0]).filter((f) => f !== 'id' && f !== 'health');
  const order = shuffleInPlace(Uint32Array.from(rows.keys()), mulberry32(seed ^ 0x4a1e));
  const cut = [Math.round(rows.length * 0.6), Math.round(rows.length * 0.8)];
  const parts = [order.subarray(0, cut[0]), order.subarray(cut[0], cut[1]), order.subarray(cut[1])];
  const m = LFS.length;
  const split = (idx: Uint32Array): PipelineSplit => {
    const votes = new Int8Array(idx.length * m).fill(-1);
    idx.forEach((r, i) =>
      LFS.forEach((lf, j) => {
        const v = Number(rows[r][lf.field]);
        if (lf.op === '>=' ? v >= lf.value : v <= lf.value) votes[i * m + j] = lf.vote;
      }),
    );
    return { n: idx.length, m, votes, gold: Int16Array.from(idx, (r) => CLASSES.indexOf(rows[r].health)), ids: Array.from(idx, (r) => rows[r].id) };
  };
  const all = Uint32Array.from([...parts[0], ...parts[1], ...parts[2]]);
  const columns = fields.map((f) => Array.from(all, (r) => Number(rows[r][f])));
  const features = standardizedFeatures(columns, Uint32Array.from({ length: cut[0] }, (_, i) => i), fields);
  return { k: 4, classes: CLASSES, splits: { train: split(parts[0]), valid: split(parts[1]), test: split(parts[2]) }, features, featuresNote: `${fields.length} standardised numeric fields (scaled on pool rows)` };
}
