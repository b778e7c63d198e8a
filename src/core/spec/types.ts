import type { Calibrator } from '../calibration/index';
import type { Decision } from '../labelmodel/decision';
import type { LfDef } from '../lf/types';
import type { SpecLabelModel, SpecMetric } from './schema';

export interface NotPortable {
  id: string;
  name: string;
  kind: string;
  reason: string;
}

export interface PipelineSpec {
  format: 'sift-pipeline';
  version: 1;
  createdAt: string;
  dataset: { name: string; fields: string[] };
  classes: string[];
  metric: SpecMetric;
  lfs: LfDef[];
  notPortable: NotPortable[];
  labelModel: SpecLabelModel | null;
  calibration: Exclude<Calibrator, { method: 'none' }> | null;
  thresholds: (number | null)[] | null;
  /** The label model's dev-tuned decision on its raw outputs; absent: calibrated argmax. */
  decision?: Decision;
}
