import { isAbort, SiftError } from '../src/core/errors';
import { expose } from './bridge/expose';
import type { TaskContext } from './bridge/protocol';
import { browserBackends } from './student/browser-backend';
import { forgetFeatures } from './student/dataset-features';
import { calibrateOutput, canaryReportOf, type CalibrateRequest, type CanaryRequest } from './student/outputs';
import { exportToRegistry, type ExportRequest } from './student/registry';
import { runStudent, type StudentRequest } from './student/run-student';
import { runLabelIssues, type LabelIssuesRequest } from './student/label-issues';
import { listProbabilityOutputs } from '../src/data/students';

/**
 * Students (TF.js training in this worker), calibration of any probability output, the canary report,
 * and export of students to the model registry. Reads items and columns from IndexedDB itself; the
 * page sends ids and its label/split arrays only.
 */
const api = {
  backends: () => browserBackends(),

  outputs: (args: { datasetId: string }) => listProbabilityOutputs(args.datasetId),

  train: async (args: StudentRequest, ctx: TaskContext) => {
    const available = await browserBackends();
    try {
      return await runStudent(
        args,
        ctx.signal,
        (p) => ctx.progress({ done: p.epoch, total: p.epochs, unit: 'epochs', message: p.message, metrics: { round: p.round, epoch: p.epoch, loss: p.loss, devAccuracy: p.devAccuracy ?? NaN } }),
        (message) => ctx.progress({ done: 0, message }),
        available,
      );
    } catch (error) {
      // WebGPU reports some failures as DOMExceptions named AbortError: only a real Cancel may read as one.
      if (isAbort(error) && !ctx.signal.aborted) throw new SiftError('student/failed', `Training failed: ${(error as Error).message}`);
      throw error;
    }
  },

  labelIssues: async (args: LabelIssuesRequest, ctx: TaskContext) => runLabelIssues(args, ctx.signal, (message, done, total) => ctx.progress({ done: done ?? 0, total, unit: 'folds', message }), await browserBackends()),

  calibrate: (args: CalibrateRequest) => calibrateOutput(args),

  canaryReport: (args: CanaryRequest) => canaryReportOf(args),

  exportStudent: (args: ExportRequest) => exportToRegistry(args),

  forget: () => forgetFeatures(),
};

export type StudentApi = typeof api;
expose(api);
