/**
 * A snapshot freezes a dataset's label state. Bulk arrays are not copied into it: each stored column is
 * a list of content hashes, one per chunk, pointing into a content-addressed store, so a snapshot of an
 * unchanged dataset adds only this record, and a change adds only the chunks it touched.
 */

export type ChunkDtype = 'u8' | 'i8' | 'i16' | 'u32' | 'f32';

export interface ColumnManifest {
  name: string;
  dtype: ChunkDtype;
  /** Content hash per chunk index; '' where the chunk was never written. */
  chunks: string[];
  /**
   * The column's catalog revision when this manifest was made (every write bumps it): the next snapshot
   * reuses the manifest of a column whose revision is unchanged instead of reading and hashing it again.
   */
  revision?: number;
  /** Bytes of the chunks it names. */
  bytes?: number;
}

export type SnapshotAuthor = 'you' | 'auto';

/** Canary metrics of the label model's output at the time of a snapshot (gold = human labels of canary items). */
export interface CanaryMetrics {
  count: number;
  accuracy: number;
  macroF1: number;
  perClassF1: number[];
  /** Expected calibration error (15 bins) of the probabilities the export would carry. */
  ece: number;
  /** Which probabilities: the run's own or its calibration. */
  probabilities: 'raw' | 'calibrated';
}

/** What changed since the previous snapshot of the same dataset. */
export interface SnapshotChanges {
  since: string | null;
  labelEvents: number;
  labeledItems: number;
  columnsChanged: string[];
  chunksChanged: number;
  sourcesAdded: string[];
  sourcesRemoved: string[];
  sourcesChanged: string[];
  labelModelChanged: boolean;
}

export interface StoredSnapshot<SourceRecord = unknown, RunRecord = unknown> {
  id: string;
  datasetId: string;
  name: string;
  createdAt: number;
  by: SnapshotAuthor;
  /** Why it was taken: "by hand", "before bulk label", "before rollback to …", "export". */
  reason: string;
  /** Last human-label event included (the log is append-only, so this position is the human label set). */
  labelSeq: number;
  /** The label-model run whose outputs were current, and the calibration of its probabilities. */
  labelModel: { run: RunRecord; calibration: RunRecord | null } | null;
  sources: SourceRecord[];
  columns: ColumnManifest[];
  /** Bytes the snapshot references, and bytes it added to the store. */
  bytes: { referenced: number; added: number };
  changes: SnapshotChanges;
  canary: CanaryMetrics | null;
}
