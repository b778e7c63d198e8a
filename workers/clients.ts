import { WorkerClient } from './bridge/client';
import type { DataApi } from './data.worker';
import type { DriftApi } from './drift.worker';
import type { QueryApi } from './query.worker';
import type { StudentApi } from './student.worker';
import type { WeakApi } from './weak.worker';
import type { LfPreviewApi } from './lf-preview.worker';
import type { TeacherApi } from './teacher.worker';
import type { TableApi } from './table.worker';

/** The page's handles on its workers; each starts on first use and stops when idle. */
export const dataWorker = new WorkerClient<DataApi>(
  () => new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'sift-data' }),
);

export const queryWorker = new WorkerClient<QueryApi>(
  () => new Worker(new URL('./query.worker.ts', import.meta.url), { type: 'module', name: 'sift-query' }),
  5 * 60_000,
);

export const weakWorker = new WorkerClient<WeakApi>(
  () => new Worker(new URL('./weak.worker.ts', import.meta.url), { type: 'module', name: 'sift-weak' }),
  5 * 60_000,
);

export const teacherWorker = new WorkerClient<TeacherApi>(
  () => new Worker(new URL('./teacher.worker.ts', import.meta.url), { type: 'module', name: 'sift-teacher' }),
  2 * 60_000,
);

// Keeps a dataset's features while idle for a while: training a second student should not re-featurize.
export const studentWorker = new WorkerClient<StudentApi>(
  () => new Worker(new URL('./student.worker.ts', import.meta.url), { type: 'module', name: 'sift-student' }),
  10 * 60_000,
);

export const driftWorker = new WorkerClient<DriftApi>(
  () => new Worker(new URL('./drift.worker.ts', import.meta.url), { type: 'module', name: 'sift-drift' }),
  2 * 60_000,
);

// Keeps the dataset's text between keystrokes; a short abort grace, as a superseded preview stops within one chunk.
export const lfPreviewWorker = new WorkerClient<LfPreviewApi>(
  () => new Worker(new URL('./lf-preview.worker.ts', import.meta.url), { type: 'module', name: 'sift-lf-preview' }),
  5 * 60_000,
);

export const tableWorker = new WorkerClient<TableApi>(
  () => new Worker(new URL('./table.worker.ts', import.meta.url), { type: 'module', name: 'sift-table' }),
  2 * 60_000,
);
