import { parquetMetadata, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { SiftError, throwIfAborted } from '../core/errors';
import { parseLineage, parseSiftCsv, parseSiftJsonl, parseSiftParquet, type SiftLineage, type SiftRow } from '../core/formats/sift-export';
import type { NamedBlob } from '../core/formats/read';
import { fnv1a } from '../core/hash';
import { NO_LABEL, splitNames, type ClassDef } from '../core/types';
import { db, type ColumnChunk, type Dataset, type ItemChunk, type LabelEvent, type LabelAuthor, type Run, type Source } from './db';
import { CHUNK_SIZE } from './import';
import { newRunId } from './runs';
import { predColumn, probsColumn, votesColumn } from './sources';
import { importedBatches } from './sift-import-synthetic';
import { SYNTHETIC_COLUMN } from './synthetic';

/**
 * Imports a Sift export as a new dataset: items, human labels (with who set them and when), splits,
 * every source's votes, the label model's labels and probabilities as a run record that names the
 * exported run, and the lineage (kept in the audit log). Parsed and checked in full, then written in
 * one transaction.
 */

const COLORS = ['#2e7d32', '#c62828', '#1565c0', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e', '#546e7a', '#9e9d24'];
const AUTHORS: Record<string, LabelAuthor> = { import: 'import', you: 'you', review: 'review' };

export interface SiftImportRequest {
  datasetId: string;
  files: NamedBlob[];
}

/** Whether `files` look like a Sift export (a lineage sidecar among them, or a Parquet file). */
/**
 * A Sift export: a CSV/JSONL with its `.lineage.json` sidecar, or a Parquet file whose footer holds
 * `sift.lineage` (any other Parquet file is a plain table and goes through the import mapping).
 */
export async function isSiftExport(files: readonly Blob[]): Promise<boolean> {
  if (files.some((f) => (f as File).name?.endsWith('.lineage.json'))) return true;
  for (const file of files) {
    if (!(file as File).name?.endsWith('.parquet')) continue;
    try {
      const metadata = await parquetMetadataAsync({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() });
      if (metadata.key_value_metadata?.some((kv) => kv.key === 'sift.lineage')) return true;
    } catch {
      // Not readable as Parquet: the import mapping reports what the file really is.
    }
  }
  return false;
}

async function readRows(files: NamedBlob[]): Promise<{ rows: SiftRow[]; lineage: SiftLineage; file: NamedBlob }> {
  const parquet = files.find((f) => f.name.endsWith('.parquet'));
  if (parquet) {
    const buffer = await parquet.arrayBuffer();
    const metadata = parquetMetadata(buffer);
    const entry = metadata.key_value_metadata?.find((kv) => kv.key === 'sift.lineage');
    if (!entry?.value) throw new SiftError('sift-import/no-lineage', `${parquet.name} has no sift.lineage metadata: it is not a Sift export.`);
    const lineage = parseLineage(entry.value, `The sift.lineage metadata of ${parquet.name}`);
    const records = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    const header = metadata.schema.slice(1).map((s) => s.name);
    return { rows: parseSiftParquet(records, header, lineage), lineage, file: parquet };
  }
  const sidecar = files.find((f) => f.name.endsWith('.lineage.json'));
  const data = files.find((f) => f !== sidecar && /\.(csv|jsonl|ndjson)$/i.test(f.name));
  if (!data) throw new SiftError('sift-import/no-data', `Choose the exported CSV or JSONL together with ${sidecar?.name ?? 'its .lineage.json'}.`);
  if (!sidecar) throw new SiftError('sift-import/no-lineage', `A Sift export is imported with its lineage: choose the .lineage.json saved beside ${data.name} too.`);
  const lineage = parseLineage(await sidecar.text(), sidecar.name);
  const text = await data.text();
  return { rows: /\.csv$/i.test(data.name) ? parseSiftCsv(text, lineage) : parseSiftJsonl(text, lineage), lineage, file: data };
}

export async function importSiftExport(request: SiftImportRequest, signal?: AbortSignal): Promise<Dataset> {
  const { rows, lineage, file } = await readRows(request.files);
  throwIfAborted(signal);
  const n = rows.length;
  if (n === 0) throw new SiftError('sift-import/empty', `${file.name} holds no items.`);
  const classNames = lineage.dataset.classes;
  const k = classNames.length;
  const classOf = (name: string | null, what: string, row: number) => {
    if (name === null) return NO_LABEL;
    const c = classNames.indexOf(name);
    if (c < 0) throw new SiftError('sift-import/class', `Row ${row + 1} (${rows[row].id}): ${what} "${name}" is not one of the lineage's classes (${classNames.join(', ')}).`);
    return c;
  };
  const now = Date.now();
  const id = request.datasetId;
  const chunkCount = Math.ceil(n / CHUNK_SIZE);
  const fields = Object.keys(rows[0].fields);
  const classes: ClassDef[] = classNames.map((name, c) => ({ name, key: c < 9 ? String(c + 1) : '', color: COLORS[c % COLORS.length] }));
  const exported = lineage.exported_at ? ` exported ${lineage.exported_at}` : '';
  const lineageSources = lineage.sources ?? [];
  const sources: Source[] = lineageSources.map((s, j) => ({
    id: `${id}-src-${j}`,
    datasetId: id,
    kind: 'imported',
    name: s.name,
    version: s.version,
    definition: { format: 'sift-export', source: { id: s.id, kind: s.kind, version: s.version } },
    createdAt: now + j,
    updatedAt: now,
    enabled: s.enabled,
  }));
  const hasModel = rows.some((r) => r.probs !== null);
  const modelRun = lineage.model_run;
  const run: Run | null = hasModel
    ? {
        id: newRunId('lm'),
        datasetId: id,
        kind: 'label-model',
        status: 'done',
        createdAt: now,
        finishedAt: now,
        params: { ...(modelRun?.params ?? {}), importedFrom: { runId: modelRun?.id ?? null, probabilities: modelRun?.probabilities ?? 'raw', file: file.name } },
        inputs: (modelRun?.inputs ?? []).map((input) => {
          const j = lineageSources.findIndex((s) => s.id === input.source_id);
          return { sourceId: j >= 0 ? sources[j].id : input.source_id, version: input.version };
        }),
        results: { ...(modelRun?.results ?? {}), runId: '' },
      }
    : null;
  if (run) run.results.runId = run.id;

  const chunks: ItemChunk[] = [];
  const columns: ColumnChunk[] = [];
  const labelGroups = new Map<string, number[]>();
  const labels = new Int16Array(n);
  const allSplits = new Uint8Array(n);
  const seen = new Set<string>();
  for (let c = 0; c < chunkCount; c++) {
    const start = c * CHUNK_SIZE;
    const end = Math.min(n, start + CHUNK_SIZE);
    const part = rows.slice(start, end);
    const split = new Uint8Array(part.length);
    const probs = run ? new Float32Array(part.length * k) : null;
    const pred = run ? new Int8Array(part.length).fill(NO_LABEL) : null;
    const votes = sources.map(() => new Int8Array(part.length));
    part.forEach((r, i) => {
      const row = start + i;
      if (seen.has(r.id)) throw new SiftError('sift-import/duplicate-id', `Row ${row + 1}: the id "${r.id}" appears twice; a Sift export has unique ids.`);
      seen.add(r.id);
      const s = splitNames.indexOf(r.split as (typeof splitNames)[number]);
      if (s < 0) throw new SiftError('sift-import/split', `Row ${row + 1} (${r.id}): split "${r.split}" is not train, dev or canary.`);
      split[i] = s;
      allSplits[row] = s;
      labels[row] = classOf(r.label, 'label', row);
      if (labels[row] !== NO_LABEL) {
        const by = AUTHORS[r.labelSource ?? 'import'] ?? 'import';
        const key = `${by}@${r.labeledAt ?? now}`;
        let group = labelGroups.get(key);
        if (!group) labelGroups.set(key, (group = []));
        group.push(row);
      }
      if (probs && pred && r.probs) {
        probs.set(r.probs, i * k);
        pred[i] = classOf(r.modelLabel, 'model label', row);
      }
      votes.forEach((column, j) => (column[i] = classOf(r.votes[j], `vote of ${sources[j].name}`, row)));
    });
    chunks.push({
      datasetId: id,
      index: c,
      start,
      count: part.length,
      ids: part.map((r) => r.id),
      text: part.map((r) => r.text),
      fields: Object.fromEntries(fields.map((f) => [f, part.map((r) => r.fields[f] ?? '')])),
      hashes: Uint32Array.from(part, (r) => fnv1a(r.text)),
    });
    columns.push({ datasetId: id, name: 'split', chunk: c, data: split });
    if (run) columns.push({ datasetId: id, name: probsColumn(run.id), chunk: c, data: probs! }, { datasetId: id, name: predColumn(run.id), chunk: c, data: pred! });
    sources.forEach((source, j) => columns.push({ datasetId: id, name: votesColumn(source.id), chunk: c, data: votes[j] }));
  }
  const batches = importedBatches(rows, allSplits, lineage);
  if (batches.length)
    for (let c = 0; c < chunkCount; c++) {
      const part = rows.slice(c * CHUNK_SIZE, Math.min(n, (c + 1) * CHUNK_SIZE));
      columns.push({ datasetId: id, name: SYNTHETIC_COLUMN, chunk: c, data: Uint8Array.from(part, (r) => r.synthetic) });
    }
  // One label event per author and time, oldest first: history says who labeled what, when.
  const events: LabelEvent[] = [...labelGroups]
    .map(([key, items]) => ({ by: key.slice(0, key.indexOf('@')) as LabelAuthor, at: Number(key.slice(key.indexOf('@') + 1)), items }))
    .sort((a, b) => a.at - b.at)
    .map(({ by, at, items }) => ({ datasetId: id, kind: 'set', by, at, items: Uint32Array.from(items), labels: Int16Array.from(items, (i) => labels[i]), prev: new Int16Array(items.length).fill(NO_LABEL) }));
  const dataset: Dataset = {
    id,
    name: lineage.dataset.name,
    kind: 'text',
    status: 'ready',
    createdAt: now,
    updatedAt: now,
    itemCount: n,
    chunkSize: CHUNK_SIZE,
    chunkCount,
    classes,
    fields,
    files: request.files.map((f) => ({ name: f.name, size: f.size, lastModified: (f as File).lastModified ?? 0 })),
    mapping: { format: /\.jsonl$/i.test(file.name) ? 'jsonl' : 'csv', textColumn: 'text', idColumn: 'id', labelColumn: 'label', labelValues: Object.fromEntries(classNames.map((c, i) => [c, i])), keepColumns: fields },
    committedRows: n,
    ...(batches.length ? { syntheticBatches: batches } : {}),
    notices: [
      `Imported from a Sift export of "${lineage.dataset.name}"${exported}: ${events.reduce((sum, e) => sum + e.items.length, 0).toLocaleString('en-US')} human labels, ${sources.length} source${sources.length === 1 ? '' : 's'}${run ? `, the label model's output (run ${modelRun?.id ?? 'unknown'})` : ''}${lineage.snapshot ? `, at snapshot "${lineage.snapshot.name}"` : ''}.`,
    ],
  };
  throwIfAborted(signal);
  const d = db();
  await d.transaction('rw', [d.datasets, d.chunks, d.columns, d.labelEvents, d.sources, d.runs, d.audit], async () => {
    await d.datasets.add(dataset);
    await d.chunks.bulkAdd(chunks);
    await d.columns.bulkAdd(columns);
    if (events.length) await d.labelEvents.bulkAdd(events);
    if (sources.length) await d.sources.bulkAdd(sources);
    if (run) await d.runs.add(run);
    await d.audit.add({ datasetId: id, at: now, action: 'import-sift-export', detail: { file: file.name, items: n, lineage } });
  });
  return dataset;
}
