import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { mulberry32, shuffleInPlace } from '../../src/core/random';
import { standardizedFeatures } from '../../src/core/student/tabular';
import type { PipelineData, PipelineSplit } from '../../src/cli/pipeline';

/** A threshold rule on one numeric field: votes `vote` when the field's value is on the rule's side. */
export interface FieldLf {
  field: string;
  op: '>=' | '<=';
  value: number;
  vote: number;
}

export interface FieldTable {
  csvPath: string;
  /** The column holding the gold class name. */
  labelField: string;
  classes: string[];
  lfs: FieldLf[];
  /** Mixed into the seed so each table shuffles differently under the same seed. */
  seedSalt: number;
  /** What the unlabelled train split is called in the features note ("pool", "train"). */
  trainName: string;
}

/** A seeded 60/20/20 split into train (unlabelled pool), dev and canary; field LF votes; standardised fields for the student. */
export function fieldTableData(table: FieldTable, seed: number): PipelineData {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(table.csvPath, 'utf8'), { header: true, skipEmptyLines: true });
  const rows = parsed.data;
  const fields = Object.keys(rows[0]).filter((f) => f !== 'id' && f !== table.labelField);
  const order = shuffleInPlace(Uint32Array.from(rows.keys()), mulberry32(seed ^ table.seedSalt));
  const cut = [Math.round(rows.length * 0.6), Math.round(rows.length * 0.8)];
  const parts = [order.subarray(0, cut[0]), order.subarray(cut[0], cut[1]), order.subarray(cut[1])];
  const m = table.lfs.length;
  const split = (idx: Uint32Array): PipelineSplit => {
    const votes = new Int8Array(idx.length * m).fill(-1);
    idx.forEach((r, i) =>
      table.lfs.forEach((lf, j) => {
        const v = Number(rows[r][lf.field]);
        if (lf.op === '>=' ? v >= lf.value : v <= lf.value) votes[i * m + j] = lf.vote;
      }),
    );
    return { n: idx.length, m, votes, gold: Int16Array.from(idx, (r) => table.classes.indexOf(rows[r][table.labelField])), ids: Array.from(idx, (r) => rows[r].id) };
  };
  const all = Uint32Array.from([...parts[0], ...parts[1], ...parts[2]]);
  const columns = fields.map((f) => Array.from(all, (r) => Number(rows[r][f])));
  const features = standardizedFeatures(columns, Uint32Array.from({ length: cut[0] }, (_, i) => i), fields);
  return {
    k: table.classes.length,
    classes: table.classes,
    splits: { train: split(parts[0]), valid: split(parts[1]), test: split(parts[2]) },
    features,
    featuresNote: `${fields.length} standardised numeric fields (scaled on ${table.trainName} rows)`,
  };
}
