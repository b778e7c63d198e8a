import { SiftError, throwIfAborted } from '../core/errors';
import { zipSync, strToU8 } from 'fflate';
import { csvBlock, jsonlBlock } from '../core/formats/export';
import { HF_SPLIT_OF, writeDatasetCard, type CardFeature } from '../core/formats/hf-card';
import { labelStudioTask, LabelStudioWriter } from '../core/formats/label-studio-export';
import { authorNames } from '../core/labels';
import { applyDecision } from '../core/labelmodel/decision';
import { splitNames } from '../core/types';
import { audit, getDataset } from './datasets';
import { db, type Dataset, type Run } from './db';
import { ParquetColumns, type ParquetColumnSpec, type ParquetValue } from './export-parquet';
import { loadLabelEvents } from './labels';
import { votesColumn } from './sources';
import { acceptSnapshot, type GateCheck } from './gate';
import { resolveExport, type ExportSubject, type ExportTarget } from './export-target';
import { SYNTHETIC_EXPORT_COLUMNS, syntheticCells, syntheticExport } from './export-synthetic';
import { inSelection, SELECTION_EXPORT_COLUMNS, selectionCells, selectionExport } from './export-selection';

export type { ExportTarget };

/** `label-studio`: a JSON array of Label Studio tasks; `hf`: a ZIP of a Hugging Face dataset (card + Parquet per split). */
export type ExportFormat = 'csv' | 'jsonl' | 'parquet' | 'label-studio' | 'hf';

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

function gateLineage(check: GateCheck, override: GateOverride | undefined): Record<string, unknown> {
  const { snapshot, verdict, gate } = check;
  return {
    criteria: gate.criteria,
    canary: check.metrics,
    measured_on: check.metrics === snapshot.canary ? 'snapshot' : 'exported result',
    passed: verdict.passed,
    reasons: verdict.reasons,
    accepted_against: gate.accepted && { snapshot_id: gate.accepted.snapshotId, name: gate.accepted.name },
    override: !verdict.passed && override ? { reason: override.reason, at: new Date().toISOString() } : null,
  };
}

/** Run parameters and results fit for a lineage file: a student's trained weights stay in the app. */
function runSummary(run: Run): { params: Record<string, unknown>; results: Record<string, unknown> } {
  if (run.kind !== 'student') return { params: run.params, results: run.results };
  const { model: _model, history: _history, ...results } = run.results;
  return { params: run.params, results };
}

async function lineageOf(dataset: Dataset, subject: ExportSubject): Promise<Record<string, unknown>> {
  const events = await loadLabelEvents(dataset.id);
  const shown = events.slice(0, subject.labelEventCount);
  const { output, sources } = subject;
  return {
    app: 'Sift',
    exported_at: new Date().toISOString(),
    dataset: { id: dataset.id, name: dataset.name, items: dataset.itemCount, classes: dataset.classes.map((c) => c.name), files: dataset.files },
    result: subject.result,
    human_labels: {
      events: shown.length,
      by: Object.fromEntries(['import', 'you', 'review'].map((by) => [by, shown.filter((e) => e.by === by).length])),
      last_at: shown.length ? new Date(shown[shown.length - 1].at).toISOString() : null,
    },
    model_run: output
      ? {
          id: output.run.id,
          kind: output.run.kind,
          name: output.name,
          created_at: new Date(output.run.createdAt).toISOString(),
          probabilities: output.calibration ? 'calibrated' : 'raw',
          calibration: output.calibration && { run_id: output.calibration.runId, method: output.calibration.method, fitted_on: 'dev', at: new Date(output.calibration.at).toISOString() },
          ...runSummary(output.run),
          inputs: output.run.inputs.map((input) => {
            const source = sources.find((s) => s.id === input.sourceId);
            return { source_id: input.sourceId, name: source?.name ?? null, kind: source?.kind ?? null, version: input.version };
          }),
        }
      : null,
  };
}

/**
 * Writes every item with its human label (who set it, when), its split, every source's vote and, when
 * the exported result has probabilities (a label-model run, by default the newest; a student; a
 * snapshot's run), its label, confidence and per-class probabilities (calibrated, once calibrated; the
 * lineage says which) with the run's id. A snapshot is written as it was frozen. Chunk by chunk, so
 * memory holds one chunk of rows plus the output being built. With a selection, only its members are
 * written, each with its selection weight and label (export-selection.ts).
 */
export async function exportDataset(
  datasetId: string,
  format: ExportFormat,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
  override?: GateOverride,
  target: ExportTarget = { kind: 'labels' },
  selection?: string,
): Promise<ExportResult> {
  const dataset = await getDataset(datasetId);
  if (!dataset || dataset.status !== 'ready') throw new Error('This dataset is not ready to export.');
  // The export names the snapshot it was checked at; a refused gate stops here unless overridden.
  const subject = await resolveExport(dataset, target);
  const check = subject.gate;
  if (!check.verdict.passed && !override?.reason.trim())
    throw new SiftError('gate-refused', `The canary gate refuses this export:\n${check.verdict.reasons.join('\n')}`, { reasons: check.verdict.reasons, snapshotId: check.snapshot.id });
  const { labels: state, splits, output, sources } = subject;
  const run = output?.run;
  const lineage: Record<string, unknown> = {
    ...(await lineageOf(dataset, subject)),
    snapshot: { id: check.snapshot.id, name: check.snapshot.name, created_at: new Date(check.snapshot.createdAt).toISOString(), label_seq: check.snapshot.labelSeq },
    gate: gateLineage(check, override),
  };
  const classNames = dataset.classes.map((c) => c.name);
  const k = classNames.length;
  const synthetic = await syntheticExport(dataset, state.label);
  if (synthetic) lineage.synthetic = synthetic.lineage;
  const syntheticColumns: string[] = synthetic ? [...SYNTHETIC_EXPORT_COLUMNS] : [];
  const chosen = selection === undefined ? null : await selectionExport(dataset, selection, format);
  if (chosen) lineage.selection = chosen.lineage;
  const selectionColumns: string[] = chosen ? [...SELECTION_EXPORT_COLUMNS] : [];
  // A kept column may be called "label" or "split" too: never write two columns of one name.
  const reserved = new Set(['id', 'text', 'label', 'label_source', 'labeled_at', 'split', ...syntheticColumns, ...selectionColumns, 'model_label', 'model_confidence', 'model_run', ...classNames.map((c) => `p_${c}`)]);
  const fieldNames = dataset.fields;
  const columnNames = fieldNames.map((f) => (reserved.has(f) ? `field_${f}` : f));
  const modelColumns = run ? ['model_label', 'model_confidence', ...classNames.map((c) => `p_${c}`), 'model_run'] : [];
  // Every source's vote (class name, empty when it abstains), so an import of this file brings the sources back.
  const taken = new Set([...reserved, ...columnNames]);
  const voteColumns = sources.map((source) => {
    let name = `vote_${source.name.replace(/[^\w.-]+/g, '_')}`;
    for (let i = 2; taken.has(name); i++) name = `vote_${source.name.replace(/[^\w.-]+/g, '_')}~${i}`;
    taken.add(name);
    return name;
  });
  lineage.sources = sources.map((source, j) => ({ id: source.id, name: source.name, kind: source.kind, version: source.version, enabled: source.enabled, column: voteColumns[j] }));
  const header = ['id', 'text', ...columnNames, 'label', 'label_source', 'labeled_at', 'split', ...syntheticColumns, ...selectionColumns, ...modelColumns, ...voteColumns];
  const parts: string[] = [];
  const numeric = new Set(['model_confidence', ...classNames.map((c) => `p_${c}`)]);
  const syntheticTypes = { synthetic: 'BOOLEAN', synthetic_batch: 'INT32', training_weight: 'DOUBLE', selection_weight: 'DOUBLE', selection_label: 'STRING' } as const;
  const parquetSpecs = header.map((name): ParquetColumnSpec => ({
    name,
    type: name === 'labeled_at' ? 'TIMESTAMP' : modelColumns.includes(name) && numeric.has(name) ? 'DOUBLE' : syntheticColumns.includes(name) || selectionColumns.includes(name) ? syntheticTypes[name as keyof typeof syntheticTypes] : 'STRING',
  }));
  const table = format === 'parquet' ? new ParquetColumns(parquetSpecs) : null;
  // A Hugging Face dataset: one Parquet file per split, the human label as a ClassLabel code (-1: none).
  const hfHeader = header.filter((name) => name !== 'split');
  const hfSpecs = hfHeader.map((name) => (name === 'label' ? { name, type: 'INT32' as const } : parquetSpecs[header.indexOf(name)]));
  const hfSplits = format === 'hf' ? new Map(Object.values(HF_SPLIT_OF).map((name) => [name, new ParquetColumns(hfSpecs)])) : null;
  const tasks = format === 'label-studio' ? new LabelStudioWriter() : null;

  for (let c = 0; c < dataset.chunkCount; c++) {
    throwIfAborted(signal);
    const chunk = await db().chunks.get([datasetId, c]);
    if (!chunk) throw new Error(`Chunk ${c} of this dataset is missing: the store is damaged.`);
    const probs = output ? ((await subject.readChunk(output.probsName, c)) as Float32Array | undefined) : undefined;
    // A label model's own labels (its dev-tuned decision, seeded tie-breaks), calibrated or not.
    const pred = output?.predName ? ((await subject.readChunk(output.predName, c)) as Int8Array | undefined) : undefined;
    // Otherwise a student's tuned decision on its raw outputs, when it has one.
    const rule = probs && !pred && output?.labelRule && output.labelRule.decision.kind !== 'argmax' ? output.labelRule : undefined;
    const ruleProbs = rule ? (rule.probsName === output!.probsName ? probs : ((await subject.readChunk(rule.probsName, c)) as Float32Array | undefined)) : undefined;
    const decided = rule && ruleProbs ? applyDecision(ruleProbs, k, rule.decision) : undefined;
    const votes = (await Promise.all(sources.map((s) => subject.readChunk(votesColumn(s.id), c)))) as (Int8Array | undefined)[];
    const rows: ParquetValue[][] = [];
    const records: Record<string, unknown>[] = [];
    for (let i = 0; i < chunk.count; i++) {
      const index = chunk.start + i;
      if (chosen && !inSelection(chosen, index)) continue;
      const label = state.label[index];
      const labelName = label >= 0 ? (classNames[label] ?? String(label)) : null;
      const source = authorNames[state.author[index]] || null;
      const at = state.at[index] ? state.at[index] : null;
      const split = splitNames[splits[index]] ?? 'train';
      const fields = fieldNames.map((f) => chunk.fields[f]?.[i] ?? '');
      const voteCells = votes.map((v) => (v && v[i] >= 0 ? (classNames[v[i]] ?? String(v[i])) : null));
      const syntheticRow = synthetic ? syntheticCells(synthetic, index) : [];
      const selectionRow = chosen ? selectionCells(chosen, index, classNames) : [];
      let model: { label: string; confidence: number; probs: number[] } | null = null;
      if (probs) {
        const p = Array.from(probs.subarray(i * k, (i + 1) * k));
        let best = 0;
        for (let j = 1; j < k; j++) if (p[j] > p[best]) best = j;
        if (pred && pred[i] >= 0 && pred[i] < k) best = pred[i];
        else if (decided) best = decided[i];
        model = { label: classNames[best], confidence: p[best], probs: p };
      }
      if (tasks) {
        records.push(
          labelStudioTask({
            id: chunk.ids[i],
            text: chunk.text[i],
            fields: Object.fromEntries(fieldNames.map((f, j) => [f, fields[j]])),
            label: labelName,
            labelSource: source,
            labeledAt: at === null ? null : new Date(at).toISOString(),
            split,
            model: model && { label: model.label, confidence: model.confidence, run: run!.id },
          }),
        );
      } else if (hfSplits) {
        const modelCells: ParquetValue[] = model ? [model.label, model.confidence, ...model.probs, run!.id] : run ? [null, null, ...classNames.map(() => null), run.id] : [];
        hfSplits.get(HF_SPLIT_OF[split] ?? 'train')!.add([chunk.ids[i], chunk.text[i], ...fields, label, source, at, ...syntheticRow, ...modelCells, ...voteCells]);
      } else if (format === 'jsonl') {
        records.push({
          id: chunk.ids[i],
          text: chunk.text[i],
          fields: Object.fromEntries(fieldNames.map((f, j) => [f, fields[j]])),
          label: labelName,
          label_source: source,
          labeled_at: at === null ? null : new Date(at).toISOString(),
          split,
          ...(synthetic ? { synthetic: syntheticRow[0], synthetic_batch: syntheticRow[1], training_weight: syntheticRow[2] } : {}),
          ...(chosen ? { selection_weight: selectionRow[0], selection_label: selectionRow[1] } : {}),
          model: model && { label: model.label, confidence: model.confidence, probs: Object.fromEntries(classNames.map((name, j) => [name, model!.probs[j]])), run: run!.id },
          ...(sources.length ? { votes: Object.fromEntries(voteColumns.map((name, j) => [name, voteCells[j]])) } : {}),
        });
      } else {
        const modelCells: ParquetValue[] = model ? [model.label, model.confidence, ...model.probs, run!.id] : run ? [null, null, ...classNames.map(() => null), run.id] : [];
        const row: ParquetValue[] = [chunk.ids[i], chunk.text[i], ...fields, labelName, source, at, split, ...syntheticRow, ...selectionRow, ...modelCells, ...voteCells];
        if (table) table.add(row);
        else rows.push(row);
      }
    }
    if (tasks) parts.push(tasks.block(records));
    else if (format === 'jsonl') parts.push(jsonlBlock(records));
    else if (format === 'csv') {
      const timeAt = header.indexOf('labeled_at');
      const text = rows.map((row) => row.map((v, j) => (v === null ? '' : j === timeAt ? new Date(v as number).toISOString() : String(v))));
      parts.push(csvBlock(c === 0 ? header : null, text));
    }
    onProgress(Math.min(dataset.itemCount, (c + 1) * dataset.chunkSize), dataset.itemCount);
  }
  if (check.verdict.passed) await acceptSnapshot(datasetId, check.snapshot, check.metrics);
  else await audit(datasetId, 'export-override', { snapshotId: check.snapshot.id, reasons: check.verdict.reasons, reason: override!.reason });
  const base = `${safeFileName(dataset.name)}${subject.fileSuffix}${chosen ? `-selection-${safeFileName(chosen.name)}` : ''}`;
  const rowCount = chosen ? chosen.members : dataset.itemCount;
  if (tasks) {
    parts.push(tasks.end());
    return { blob: new Blob(parts, { type: 'application/json' }), fileName: `${base}.label-studio.json`, rows: rowCount, lineage };
  }
  if (hfSplits) return { blob: huggingFaceZip(dataset.name, base, hfSplits, hfHeader, classNames, lineage), fileName: `${base}.hf.zip`, rows: rowCount, lineage };
  const fileName = `${base}.${format}`;
  if (table) return { blob: new Blob([table.write(lineage)], { type: 'application/vnd.apache.parquet' }), fileName, rows: rowCount, lineage };
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8';
  return { blob: new Blob(parts, { type }), fileName, rows: rowCount, lineage };
}

const HF_DTYPES: Record<string, string> = { labeled_at: 'timestamp[ms]', model_confidence: 'float64', synthetic: 'bool', synthetic_batch: 'int32', training_weight: 'float64' };

/** A ZIP a Hugging Face `load_dataset` reads: README.md (card with the ClassLabel names), data/<split>-00000-of-00001.parquet, and the lineage. */
function huggingFaceZip(title: string, base: string, splits: Map<string, ParquetColumns>, header: string[], classNames: string[], lineage: Record<string, unknown>): Blob {
  const present = [...splits].filter(([, columns]) => columns.rowCount > 0);
  const features: CardFeature[] = header.map((name) =>
    name === 'label' ? { name, classNames } : { name, dtype: HF_DTYPES[name] ?? (name.startsWith('p_') ? 'float64' : 'string') },
  );
  const card = writeDatasetCard(
    { features, splits: present.map(([name, columns]) => ({ name, numExamples: columns.rowCount })) },
    title,
    'Exported by Sift. `label` is the human label (-1: none); `model_label` and `p_<class>` are the exported result\'s label and probabilities; `vote_<source>` columns are each source\'s vote. Sift\'s dev split is `validation`, its canary split `test`. `sift-lineage.json` says where every label came from.',
  );
  const files: Record<string, Uint8Array> = { [`${base}/README.md`]: strToU8(card), [`${base}/sift-lineage.json`]: strToU8(JSON.stringify(lineage, null, 2)) };
  for (const [name, columns] of present) files[`${base}/data/${name}-00000-of-00001.parquet`] = new Uint8Array(columns.write(lineage));
  return new Blob([zipSync(files, { level: 0 })], { type: 'application/zip' });
}
