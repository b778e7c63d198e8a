import { expandArchives } from '../src/core/formats/archive';
import { previewFile, type PreviewOptions } from '../src/core/formats/preview';
import type { NamedBlob } from '../src/core/formats/read';
import type { TableFormat } from '../src/core/formats/table';
import { exportDataset, type ExportFormat, type ExportTarget, type GateOverride } from '../src/data/export';
import { beginImport, importLockName, runImport, type ImportRequest } from '../src/data/import';
import { appendImport } from '../src/data/import-append';
import { SiftError } from '../src/core/errors';
import { importWrench, type WrenchImportRequest } from '../src/data/wrench-import';
import { importSiftExport, type SiftImportRequest } from '../src/data/sift-import';
import { profileDataset } from '../src/data/table-profile';
import { expose } from './bridge/expose';
import type { TaskContext } from './bridge/protocol';

/** Import and export: the work that streams whole files through IndexedDB. */
const api = {
  /** ZIP archives among the chosen files become the tables and images inside them. */
  expand: (args: { files: File[] }, ctx: TaskContext) => expandArchives(args.files, { signal: ctx.signal }),

  preview: (args: { file: NamedBlob } & PreviewOptions) => previewFile(args.file, { format: args.format, delimiter: args.delimiter, jsonField: args.jsonField }),

  /** Creates the dataset (state "importing") and streams the files into it. */
  import: (args: ImportRequest, ctx: TaskContext) =>
    // The lock tells every tab that this import is alive (not interrupted) until it settles.
    navigator.locks.request(importLockName(args.datasetId), async () => {
      await beginImport(args);
      return runImport(args.datasetId, args.files, ctx.signal, (p) =>
        ctx.progress({ done: p.rows, unit: 'rows', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
      );
    }),

  /** Continues an import interrupted by a reload or crash, from its last committed chunk. */
  resume: (args: { datasetId: string; files: NamedBlob[] }, ctx: TaskContext) =>
    navigator.locks.request(importLockName(args.datasetId), { ifAvailable: true }, async (lock) => {
      if (!lock) throw new SiftError('import-running', 'This import is still running in another tab.');
      return runImport(args.datasetId, args.files, ctx.signal, (p) =>
        ctx.progress({ done: p.rows, unit: 'rows', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
      );
    }),

  /** Rows of a later file added to a ready dataset as its next import batch, in one transaction. */
  append: (args: { datasetId: string; files: NamedBlob[] }, ctx: TaskContext) => {
    ctx.progress({ done: 0, message: 'Reading the new rows' });
    return appendImport(args.datasetId, args.files, ctx.signal);
  },

  /** A WRENCH folder: parsed and checked in full, then written in one transaction. */
  importWrench: (args: WrenchImportRequest, ctx: TaskContext) =>
    importWrench(args, ctx.signal, (message) => ctx.progress({ done: 0, message })),

  /** A Sift export (data file + lineage, or Parquet): parsed and checked in full, then written in one transaction. */
  importSift: (args: SiftImportRequest, ctx: TaskContext) => importSiftExport(args, ctx.signal),

  /** A table dataset's per-column profile: reads every cell, so never on the page's thread. */
  profile: (args: { datasetId: string }, ctx: TaskContext) =>
    profileDataset(args.datasetId, ctx.signal, (done, total) => ctx.progress({ done, total, unit: 'columns' })),

  export: (args: { datasetId: string; format: ExportFormat; override?: GateOverride; target?: ExportTarget; selection?: string }, ctx: TaskContext) =>
    exportDataset(args.datasetId, args.format, ctx.signal, (done, total) => ctx.progress({ done, total, unit: 'items' }), args.override, args.target, args.selection),
};

export type DataApi = typeof api;
expose(api);
