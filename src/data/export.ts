import { SiftError, throwIfAborted } from '../core/errors';
import { csvBlock, jsonlBlock } from '../core/formats/export';
import { authorNames } from '../core/labels';
import { splitNames } from '../core/types';
import { audit, getDataset } from './datasets';
import { db, type Dataset, type Run } from './db';
import { ParquetColumns, type ParquetValue } from './export-parquet';
import { loadLabelEvents, loadLabelState } from './labels';
import { listRuns } from './runs';
import { calibratedColumn, listSources, predColumn, probsColumn, votesColumn } from './sources';
import { latestCalibrationOf, type ProbabilityOutput } from './students';
import { readSplits } from './splits';
import { acceptSnapshot, checkCurrentGate, type GateCheck } from './gate';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

/** An explicit decision to export although the canary gate refuses; it is written into the lineage. */
export interface GateOverride {
  reason: string;
}

export interface ExportResult {
  blob: Blob;
  fileName: string;
  rows: number;
  /** Where the labels came from: dataset, human-label log, and the label-model run with its sources. */
  lineage: Record<string, unknown>;
}

function safeFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'dataset';
}

/** The newest label-model run whose probabilities are still stored. */
async function modelRun(datasetId: string): Promise<Run | undefined> {
  return (await listRuns(datasetId, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
}

function gateLineage(check: GateCheck, override: GateOverride | undefined): Record<string, unknown> {
  const { snapshot, verdict, gate } = check;
  return {
    criteria: gate.criteria,
    canary: snapshot.canary,
    passed: verdict.passed,
    reasons: verdict.reasons,
    accepted_against: gate.accepted && { snapshot_id: gate.accepted.snapshotId, name: gate.accepted.name },
    override: !verdict.passed && override ? { reason: override.reason, at: new Date().toISOString() } : null,
  };
}

async function lineageOf(dataset: Dataset, run: Run | undefined, calibration: ProbabilityOutput['calibration']): Promise<Record<string, unknown>> {
  const events = await loadLabelEvents(dataset.id);
  const sources = await listSources(dataset.id);
  return {
    app: 'Sift',
    exported_at: new Date().toISOString(),
    dataset: { id: dataset.id, name: dataset.name, items: dataset.itemCount, classes: dataset.classes.map((c) => c.name), files: dataset.files },
    human_labels: {
      events: events.length,
      by: Object.fromEntries(['import', 'you', 'review'].map((by) => [by, events.filter((e) => e.by === by).length])),
      last_at: events.length ? new Date(events[events.length - 1].at).toISOString() : null,
    },
    model_run: run
      ? {
          id: run.id,
          kind: run.kind,
          created_at: new Date(run.createdAt).toISOString(),
          probabilities: calibration ? 'calibrated' : 'raw',
          calibration: calibration && { run_id: calibration.runId, method: calibration.method, fitted_on: 'dev', at: new Date(calibration.at).toISOString() },
          params: run.params,
          results: run.results,
          inputs: run.inputs.map((input) => {
            const source = sources.find((s) => s.id === input.sourceId);
            return { source_id: input.sourceId, name: source?.name ?? null, kind: source?.kind ?? null, version: input.version };
          }),
        }
      : null,
  };
}

/**
 * Writes every item with its human label (who set it, when), its split and, when a label model has
 * run, the model's label, confidence and per-class probabilities (calibrated, once the run has been
 * calibrated; the lineage says which) with the run's id. Chunk by chunk, so
 * memory holds one chunk of rows plus the output being built.
 */
export async function exportDataset(
  datasetId: string,
  format: ExportFormat,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
  override?: GateOverride,
): Promise<ExportResult> {
  const dataset = await getDataset(datasetId);
  if (!dataset || dataset.status !== 'ready') throw new Error('This dataset is not ready to export.');
  // The export names the snapshot it was checked at; a refused gate stops here unless overridden.
  const check = await checkCurrentGate(datasetId, 'export');
  if (!check.verdict.passed && !override?.reason.trim())
    throw new SiftError('gate-refused', `The canary gate refuses this export:\n${check.verdict.reasons.join('\n')}`, { reasons: check.verdict.reasons, snapshotId: check.snapshot.id });
  const { state } = await loadLabelState(datasetId, dataset.itemCount);
  const splits = await readSplits(dataset);
  const run = await modelRun(datasetId);
  // Calibrated probabilities, when the run has them, are the confidences a user should act on.
  const calibration = run ? await latestCalibrationOf(datasetId, run.id) : null;
  const probsName = run && (calibration ? calibratedColumn(run.id) : probsColumn(run.id));
  const lineage: Record<string, unknown> = {
    ...(await lineageOf(dataset, run, calibration)),
    snapshot: { id: check.snapshot.id, name: check.snapshot.name, created_at: new Date(check.snapshot.createdAt).toISOString(), label_seq: check.snapshot.labelSeq },
    gate: gateLineage(check, override),
  };
  const classNames = dataset.classes.map((c) => c.name);
  const k = classNames.length;
  // A kept column may be called "label" or "split" too: never write two columns of one name.
  const reserved = new Set(['id', 'text', 'label', 'label_source', 'labeled_at', 'split', 'model_label', 'model_confidence', 'model_run', ...classNames.map((c) => `p_${c}`)]);
  const fieldNames = dataset.fields;
  const columnNames = fieldNames.map((f) => (reserved.has(f) ? `field_${f}` : f));
  const modelColumns = run ? ['model_label', 'model_confidence', ...classNames.map((c) => `p_${c}`), 'model_run'] : [];
  // Every source's vote (class name, empty when it abstains), so an import of this file brings the sources back.
  const sources = await listSources(datasetId);
  const taken = new Set([...reserved, ...columnNames]);
  const voteColumns = sources.map((source) => {
    let name = `vote_${source.name.replace(/[^\w.-]+/g, '_')}`;
    for (let i = 2; taken.has(name); i++) name = `vote_${source.name.replace(/[^\w.-]+/g, '_')}~${i}`;
    taken.add(name);
    return name;
  });
  lineage.sources = sources.map((source, j) => ({ id: source.id, name: source.name, kind: source.kind, version: source.version, enabled: source.enabled, column: voteColumns[j] }));
  const header = ['id', 'text', ...columnNames, 'label', 'label_source', 'labeled_at', 'split', ...modelColumns, ...voteColumns];
  const parts: string[] = [];
  const numeric = new Set(['model_confidence', ...classNames.map((c) => `p_${c}`)]);
  const table =
    format === 'parquet'
      ? new ParquetColumns(header.map((name) => ({ name, type: name === 'labeled_at' ? 'TIMESTAMP' : modelColumns.includes(name) && numeric.has(name) ? 'DOUBLE' : 'STRING' })))
      : null;

  for (let c = 0; c < dataset.chunkCount; c++) {
    throwIfAborted(signal);
    const chunk = await db().chunks.get([datasetId, c]);
    if (!chunk) throw new Error(`Chunk ${c} of this dataset is missing: the store is damaged.`);
    const probs = probsName ? ((await db().columns.get([datasetId, probsName, c]))?.data as Float32Array | undefined) : undefined;
    // The run's own labels (seeded tie-breaks), unless calibrated probabilities decide.
    const pred = run && !calibration ? ((await db().columns.get([datasetId, predColumn(run.id), c]))?.data as Int8Array | undefined) : undefined;
    const votes = (await db().columns.bulkGet(sources.map((s) => [datasetId, votesColumn(s.id), c] as [string, string, number]))).map((r) => r?.data as Int8Array | undefined);
    const rows: ParquetValue[][] = [];
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < chunk.count; i++) {
      const index = chunk.start + i;
      const label = state.label[index];
      const labelName = label >= 0 ? (classNames[label] ?? String(label)) : null;
      const source = authorNames[state.author[index]] || null;
      const at = state.at[index] ? state.at[index] : null;
      const split = splitNames[splits[index]] ?? 'train';
      const fields = fieldNames.map((f) => chunk.fields[f]?.[i] ?? '');
      const voteCells = votes.map((v) => (v && v[i] >= 0 ? (classNames[v[i]] ?? String(v[i])) : null));
      let model: { label: string; confidence: number; probs: number[] } | null = null;
      if (probs) {
        const p = Array.from(probs.subarray(i * k, (i + 1) * k));
        let best = 0;
        for (let j = 1; j < k; j++) if (p[j] > p[best]) best = j;
        if (pred && pred[i] >= 0 && pred[i] < k) best = pred[i];
        model = { label: classNames[best], confidence: p[best], probs: p };
      }
      if (format === 'jsonl') {
        records.push({
          id: chunk.ids[i],
          text: chunk.text[i],
          fields: Object.fromEntries(fieldNames.map((f, j) => [f, fields[j]])),
          label: labelName,
          label_source: source,
          labeled_at: at === null ? null : new Date(at).toISOString(),
          split,
          model: model && { label: model.label, confidence: model.confidence, probs: Object.fromEntries(classNames.map((name, j) => [name, model!.probs[j]])), run: run!.id },
          ...(sources.length ? { votes: Object.fromEntries(voteColumns.map((name, j) => [name, voteCells[j]])) } : {}),
        });
      } else {
        const modelCells: ParquetValue[] = model ? [model.label, model.confidence, ...model.probs, run!.id] : run ? [null, null, ...classNames.map(() => null), run.id] : [];
        const row: ParquetValue[] = [chunk.ids[i], chunk.text[i], ...fields, labelName, source, at, split, ...modelCells, ...voteCells];
        if (table) table.add(row);
        else rows.push(row);
      }
    }
    if (format === 'jsonl') parts.push(jsonlBlock(records));
    else if (format === 'csv') {
      const timeAt = header.indexOf('labeled_at');
      const text = rows.map((row) => row.map((v, j) => (v === null ? '' : j === timeAt ? new Date(v as number).toISOString() : String(v))));
      parts.push(csvBlock(c === 0 ? header : null, text));
    }
    onProgress(Math.min(dataset.itemCount, (c + 1) * dataset.chunkSize), dataset.itemCount);
  }
  if (check.verdict.passed) await acceptSnapshot(datasetId, check.snapshot);
  else await audit(datasetId, 'export-override', { snapshotId: check.snapshot.id, reasons: check.verdict.reasons, reason: override!.reason });
  const fileName = `${safeFileName(dataset.name)}.${format}`;
  if (table) return { blob: new Blob([table.write(lineage)], { type: 'application/vnd.apache.parquet' }), fileName, rows: dataset.itemCount, lineage };
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8';
  return { blob: new Blob(parts, { type }), fileName, rows: dataset.itemCount, lineage };
}
