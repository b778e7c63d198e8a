import { evaluationIndices } from '../../src/core/canary';
import { SiftError } from '../../src/core/errors';
import type { ReportedOutput } from '../../src/core/evaluation/canary-report';
import { metricsOverTime, type OverTime } from '../../src/core/drift/over-time';
import { pickCells } from '../../src/core/drift/item-sets';
import { numericCells, quantileGroups, sliceReport, valueGroups, voteGroup, SLICE_DEFAULTS, type SliceGroup, type SliceReport } from '../../src/core/slices/slices';
import { getDataset } from '../../src/data/datasets';
import type { Dataset } from '../../src/data/db';
import { readItemColumns } from '../../src/data/drift';
import { listSources } from '../../src/data/sources';
import { reportedOutputs } from '../student/outputs';

/** How canary items are sliced: by a field's values, by quantile bins of a numeric or date field, or by every LF (where it votes). */
export type SliceBy = { kind: 'field'; field: string } | { kind: 'bins'; field: string; bins?: number } | { kind: 'lfs' };

export interface SliceRequest {
  datasetId: string;
  labels: Int16Array;
  splits: Uint8Array;
  /** The output to score; null: the newest label-model run, else the first source. */
  outputId: string | null;
  by: SliceBy;
}

export interface OutputChoice {
  id: string;
  name: string;
  kind: string;
}

export interface SliceResult {
  outputs: OutputChoice[];
  output: OutputChoice;
  report: SliceReport;
  /** Field values beyond the largest SLICE_DEFAULTS.maxValues. */
  droppedValues: number;
  minSize: number;
}

/** The labelled canary rows (through the canary guard's evaluation list), their gold labels and one output's predictions. */
async function canaryRows(request: { datasetId: string; labels: Int16Array; splits: Uint8Array; outputId: string | null }) {
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('slices/dataset', 'This dataset no longer exists.');
  if (request.labels.length !== dataset.itemCount || request.splits.length !== dataset.itemCount) throw new SiftError('slices/shape', 'The labels or splits sent do not match the dataset: reload the page.');
  const outputs = await reportedOutputs(dataset);
  if (outputs.length === 0) throw new SiftError('slices/no-output', 'There is nothing to score yet: add a labeling function or run a label model first.');
  const output = (request.outputId ? outputs.find((o) => o.id === request.outputId) : null) ?? outputs.find((o) => o.kind === 'label-model') ?? outputs[0];
  const rows = Uint32Array.from(Array.from(evaluationIndices(request.splits)).filter((i) => request.labels[i] >= 0));
  if (rows.length === 0) throw new SiftError('slices/no-canary', 'There are no labelled canary items: draw a canary set with Splits… first.');
  const gold = Int16Array.from(rows, (i) => request.labels[i]);
  const predicted = Int16Array.from(rows, (i) => output.labels[i]);
  return { dataset, outputs, output, rows, gold, predicted };
}

const choice = (o: ReportedOutput): OutputChoice => ({ id: o.id, name: o.name, kind: o.kind });

function fieldCells(dataset: Dataset, fields: Record<string, string[]>, field: string): string[] {
  const cells = fields[field];
  if (!cells) throw new SiftError('slices/field', `This dataset has no field "${field}" (fields: ${dataset.fields.join(', ') || 'none'}).`);
  return cells;
}

const dateFormat = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const numberFormat = (v: number) => String(Number(v.toPrecision(4)));

export async function slicesOf(request: SliceRequest): Promise<SliceResult> {
  const { dataset, outputs, output, rows, gold, predicted } = await canaryRows(request);
  let groups: SliceGroup[];
  let droppedValues = 0;
  if (request.by.kind === 'lfs') {
    const lfs = (await listSources(dataset.id)).filter((s) => s.kind === 'lf' || s.kind === 'js-lf' || s.kind === 'imported');
    if (lfs.length === 0) throw new SiftError('slices/no-lf', 'This dataset has no labeling functions to slice by.');
    const byId = new Map(outputs.map((o) => [o.id, o]));
    groups = lfs.map((lf) => voteGroup(lf.name, Int8Array.from(rows, (i) => byId.get(lf.id)?.labels[i] ?? -1)));
  } else {
    const { fields } = await readItemColumns(dataset);
    const cells = pickCells(fieldCells(dataset, fields, request.by.field), rows);
    if (request.by.kind === 'field') {
      const values = valueGroups(cells);
      groups = values.groups;
      droppedValues = values.dropped;
    } else {
      const numbers = numericCells(cells);
      if (!numbers) throw new SiftError('slices/not-numeric', `Field "${request.by.field}" is not numeric or a date on the canary items: slice it by value instead.`);
      groups = quantileGroups(numbers.values, request.by.bins ?? SLICE_DEFAULTS.bins, numbers.kind === 'datetime' ? dateFormat : numberFormat);
    }
  }
  return { outputs: outputs.map(choice), output: choice(output), report: sliceReport(groups, gold, predicted, dataset.classes.length), droppedValues, minSize: SLICE_DEFAULTS.minSize };
}

export interface OverTimeRequest {
  datasetId: string;
  labels: Int16Array;
  splits: Uint8Array;
  outputId: string | null;
  field: string;
}

export async function overTimeOf(request: OverTimeRequest): Promise<OverTime & { outputs: OutputChoice[]; output: OutputChoice; field: string }> {
  const { dataset, outputs, output, rows, gold, predicted } = await canaryRows(request);
  const { fields } = await readItemColumns(dataset);
  const numbers = numericCells(pickCells(fieldCells(dataset, fields, request.field), rows));
  if (!numbers || numbers.kind !== 'datetime') throw new SiftError('slices/not-datetime', `Field "${request.field}" does not hold dates on the canary items.`);
  return { ...metricsOverTime(numbers.values, gold, predicted, dataset.classes.length), outputs: outputs.map(choice), output: choice(output), field: request.field };
}
