import Dexie, { type EntityTable } from 'dexie';
import type { ClassDef, DatasetKind } from '../core/types';
import { CATALOG_TABLE, columnRevisionMiddleware, type ColumnDescriptor } from './column-catalog';
import type { SelectionSettings } from '../core/metrics/selection';
import type { LabelsPin } from '../core/student/dataset-labels';
import type { TableFormat } from '../core/formats/table';
import type { ControlPolicy } from '../core/formats/control-chars';
import type { ColumnType } from '../core/table/infer';
import type { GateCriteria } from '../core/snapshot/gate';
import type { CanaryMetrics, ChunkDtype, StoredSnapshot } from '../core/snapshot/types';
import type { AcceptanceCriteria, SyntheticBatch } from '../core/synthetic/batch';
import { parseRun, parseSource, type Run, type Source } from '../core/records';
import type { ChangeEntry } from '../core/history/types';
import { upgradeToTypedRecords } from './upgrade-v5';

export type DatasetStatus = 'importing' | 'ready';

export interface ImportSourceFile {
  name: string;
  size: number;
  lastModified: number;
}

/** How an import maps file columns onto items; kept so an interrupted import can resume identically. */
export interface ImportMapping {
  format: TableFormat;
  delimiter?: string;
  /** JSON only: the field of the top-level object whose array holds the records. */
  jsonField?: string;
  /** Control characters (NUL…) are stripped, or the import is refused (the default). */
  controlChars?: ControlPolicy;
  /** null: a table import (kind 'table'): no text column, every kept column is a typed field. */
  textColumn: string | null;
  /** Table imports: each kept column's type (inferred, or the user's override in the wizard). */
  columnTypes?: Record<string, ColumnType>;
  /** null: ids are generated ("row-1", …). */
  idColumn: string | null;
  /** null: no labels in the file. */
  labelColumn: string | null;
  /** Raw label value → class index. Values not listed leave the item unlabeled. */
  labelValues: Record<string, number>;
  /** Columns kept as item fields (text and id are stored on their own). */
  keepColumns: string[];
}

/** How image files and an optional labels CSV become items. */
export interface ImageMapping {
  format: 'images';
  /** Labels CSV: the column naming the file, the column holding the label. */
  labelsFile: string | null;
  fileColumn: string | null;
  labelColumn: string | null;
  labelValues: Record<string, number>;
}

export interface Dataset {
  id: string;
  name: string;
  kind: DatasetKind;
  status: DatasetStatus;
  createdAt: number;
  updatedAt: number;
  itemCount: number;
  chunkSize: number;
  chunkCount: number;
  classes: ClassDef[];
  fields: string[];
  files: ImportSourceFile[];
  mapping: ImportMapping | ImageMapping;
  /** Rows durably written so far; equals itemCount once ready. Lets an interrupted import resume. */
  committedRows: number;
  /** Things the user should know about the import (duplicate ids made unique, unmapped labels…). */
  notices: string[];
  /**
   * Field whose value keys the seeded tie-breaks of label models (default: the item id). WRENCH imports
   * set it to the id inside the split file, so the app breaks ties exactly as `sift label-model` does.
   */
  tieKeyField?: string;
  /** The dataset's selection metric and prior setting (Label model tab); absent = DEFAULT_SELECTION. */
  selection?: SelectionSettings;
  /** A run the user pinned as the dataset's labels (data/dataset-labels.ts); absent = dev decides. */
  labelsPin?: LabelsPin;
  /**
   * Table datasets (kind 'table'): the type of each field, inferred at import or overridden by the user.
   * Absent on text and image datasets.
   */
  columnTypes?: Record<string, ColumnType>;
  /** Synthetic exemplar batches appended to this dataset (items marked in the `synthetic` column). */
  syntheticBatches?: SyntheticBatch[];
  /** What a synthetic batch must score to enter training; absent = DEFAULT_CRITERIA. */
  syntheticCriteria?: AcceptanceCriteria;
  /** Rows added by later imports (batch 2, 3, …; the `import_batch` column); batch 1 is the first import. */
  importBatches?: ImportBatch[];
}

export interface ImportBatch {
  /** 2, 3, …: the value of the `import_batch` column on its items (0 there = the first import). */
  number: number;
  at: number;
  files: ImportSourceFile[];
  /** Dataset-wide index of its first item; its items are contiguous. */
  start: number;
  count: number;
}

/** Item content, columnar: `count` items starting at dataset-wide index `start`. */
export interface ItemChunk {
  datasetId: string;
  index: number;
  start: number;
  count: number;
  ids: string[];
  text: string[];
  fields: Record<string, string[]>;
  /** FNV-1a of each text: dedupe and lineage without reading the text. */
  hashes: Uint32Array;
  /**
   * Image datasets: each item's original file bytes (type in fields.type), and a small PNG thumbnail
   * for lists, or null when the image is small enough to be its own thumbnail. Bytes, not Blobs:
   * IndexedDB writes many small Blobs ~25× slower than the same bytes inline.
   */
  images?: Uint8Array[];
  thumbs?: (Uint8Array | null)[];
}

/** One column of per-item numbers for one chunk (splits, votes of a source, probabilities of a run…). */
export interface ColumnChunk {
  datasetId: string;
  name: string;
  chunk: number;
  data: Uint8Array | Int8Array | Int16Array | Uint32Array | Float32Array;
}

export type LabelAuthor = 'you' | 'import' | 'review';

/**
 * Human labels are an append-only log: each event sets labels on a sorted set of items and remembers
 * what they were, so history, undo and "who labeled this, when" all come from the same records.
 */
export interface LabelEvent {
  seq?: number;
  datasetId: string;
  kind: 'set' | 'undo';
  by: LabelAuthor;
  at: number;
  /** Dataset-wide item indices, ascending. */
  items: Uint32Array;
  /** New label per item (-1 clears), or one value for all when length is 1. */
  labels: Int16Array;
  /** Label each item had before this event. */
  prev: Int16Array;
  /** For `undo`: the seq of the event it reverts. */
  undoes?: number;
  /** For imports: the chunk this event belongs to, so a resumed import never writes it twice. */
  importChunk?: number;
}

export interface AuditEntry {
  seq?: number;
  datasetId: string;
  at: number;
  action: string;
  detail: Record<string, unknown>;
}

/**
 * Sources and runs are discriminated unions by `kind` (src/core/records), checked as they are read.
 * A source's outputs live in `columns` as `votes:<id>` (Int8Array per chunk, -1 abstains) and, for
 * sources that give probabilities, `probs:<id>` (Float32Array, n×k per chunk).
 */
export type { Source, SourceKind, Run, RunKind } from '../core/records';

/** A trained student's TF.js model, kept with the models rather than in its run's results (read only to export it). */
export interface StudentWeights {
  runId: string;
  datasetId: string;
  modelJson: string;
  weights: Uint8Array;
}

/** A model in the registry: its files as Blobs plus its card. */
export interface ModelEntry {
  id: string;
  name: string;
  createdAt: number;
  format: 'onnx' | 'tfjs' | 'hf' | 'builtin';
  card: unknown;
  files: { path: string; blob: Blob }[];
}

/** A frozen label set: immutable once written (see core/snapshot/types). */
export type Snapshot = StoredSnapshot<Source, Run>;

/** One chunk of a column, stored once per dataset under the hash of its bytes: snapshots share them. */
export interface SnapshotBlob {
  datasetId: string;
  hash: string;
  dtype: ChunkDtype;
  data: ColumnChunk['data'];
}

/** A dataset's canary gate: acceptance criteria, and the last snapshot an export was accepted at. */
export interface GateRecord {
  datasetId: string;
  criteria: GateCriteria;
  accepted: { snapshotId: string; name: string; at: number; metrics: CanaryMetrics } | null;
}

export interface Setting {
  key: string;
  value: unknown;
}

export class SiftDb extends Dexie {
  datasets!: EntityTable<Dataset, 'id'>;
  chunks!: Dexie.Table<ItemChunk, [string, number]>;
  columns!: Dexie.Table<ColumnChunk, [string, string, number]>;
  labelEvents!: EntityTable<LabelEvent, 'seq'>;
  audit!: EntityTable<AuditEntry, 'seq'>;
  settings!: EntityTable<Setting, 'key'>;
  sources!: EntityTable<Source, 'id'>;
  runs!: EntityTable<Run, 'id'>;
  models!: EntityTable<ModelEntry, 'id'>;
  snapshots!: EntityTable<Snapshot, 'id'>;
  columnCatalog!: Dexie.Table<ColumnDescriptor, [string, string]>;
  snapshotBlobs!: Dexie.Table<SnapshotBlob, [string, string]>;
  gates!: EntityTable<GateRecord, 'datasetId'>;
  runWeights!: EntityTable<StudentWeights, 'runId'>;
  changes!: EntityTable<ChangeEntry, 'seq'>;

  constructor(name = 'sift') {
    super(name);
    this.version(1).stores({
      datasets: '&id, status, createdAt',
      chunks: '[datasetId+index], datasetId',
      columns: '[datasetId+name+chunk], [datasetId+name], datasetId',
      labelEvents: '++seq, datasetId, [datasetId+seq]',
      audit: '++seq, datasetId',
      settings: '&key',
    });
    this.version(2).stores({
      sources: '&id, datasetId',
      runs: '&id, datasetId, [datasetId+kind], createdAt',
      models: '&id, createdAt',
      snapshots: '&id, datasetId, createdAt',
    });
    // Version 3: the column catalog. Columns written before it have no entry, read as revision 0.
    this.version(3).stores({ [CATALOG_TABLE]: '[datasetId+name], datasetId' });
    this.use(columnRevisionMiddleware);
    // Snapshots: content-addressed column chunks shared between snapshots, and each dataset's canary gate.
    this.version(4).stores({
      snapshots: '&id, datasetId, createdAt, [datasetId+createdAt]',
      snapshotBlobs: '[datasetId+hash], datasetId',
      gates: '&datasetId',
    });
    // Version 5: typed sources and runs; student weights move out of run results; the generator change log.
    this.version(5)
      .stores({ runWeights: '&runId, datasetId', changes: '++seq, datasetId, [datasetId+subject]' })
      .upgrade(upgradeToTypedRecords);
    // Every source and run read is checked here, so a malformed record fails with its name, not deep in a view.
    this.sources.hook('reading', (raw) => (raw === undefined ? raw : parseSource(raw)));
    this.runs.hook('reading', (raw) => (raw === undefined ? raw : parseRun(raw)));
  }
}

let shared: SiftDb | null = null;
let onUpgradedElsewhere: (() => void) | null = null;

/** Called when another tab opens a newer schema: this tab must reload before it writes again. */
export function whenUpgradedElsewhere(callback: () => void): void {
  onUpgradedElsewhere = callback;
}

/** One connection per realm (page or worker). Tests may point it at another database name. */
export function db(): SiftDb {
  if (!shared) {
    const opened = new SiftDb();
    // Never write with an old schema next to a newer one: close, and let the page ask for a reload.
    opened.on('versionchange', () => {
      opened.close();
      onUpgradedElsewhere?.();
      return false;
    });
    shared = opened;
  }
  return shared;
}

export function useDatabase(name: string): SiftDb {
  shared?.close();
  shared = new SiftDb(name);
  return shared;
}
