import type { Calibrator } from '../calibration/index';
import type { SourceFields } from '../records';
import type { Decision } from '../labelmodel/decision';
import type { LabelModelParams, MethodName, TiePolicy } from '../labelmodel/types';
import type { LfDef } from '../lf/types';
import { paramsToSpec } from './params';
import { notPortableReason } from './portable';
import { SPEC_FORMAT, SPEC_VERSION, type SpecMetric } from './schema';
import type { NotPortable, PipelineSpec } from './types';

export type SpecSource = SourceFields<'id' | 'name' | 'enabled' | 'definition'>;

export interface BuildSpecInput {
  datasetName: string;
  fields: readonly string[];
  classes: readonly string[];
  metric?: SpecMetric;
  sources: readonly SpecSource[];
  labelModel?: { method: MethodName; ties: TiePolicy; prior: 'model' | 'dev'; seed: number; sourceIds: string[]; params: LabelModelParams | null } | null;
  calibration?: Calibrator | null;
  thresholds?: (number | null)[] | null;
  /** The label model's stored decision (tuned on dev); written only with a label model. */
  decision?: Decision | null;
  now?: Date;
}

/** The pipeline as the app holds it now: enabled sources only (a disabled one votes nowhere). */
export function buildSpec(input: BuildSpecInput): PipelineSpec {
  const lfs: LfDef[] = [];
  const notPortable: NotPortable[] = [];
  for (const source of input.sources) {
    if (!source.enabled) continue;
    const reason = notPortableReason(source.kind, source.definition);
    if (reason) notPortable.push({ id: source.id, name: source.name, kind: source.kind, reason });
    else {
      if (source.kind !== 'lf') continue;
      const def = source.definition;
      lfs.push({ id: source.id, name: source.name, condition: def.condition, vote: def.vote });
    }
  }
  const lm = input.labelModel;
  const calibration = input.calibration && input.calibration.method !== 'none' ? input.calibration : null;
  return {
    format: SPEC_FORMAT,
    version: SPEC_VERSION,
    createdAt: (input.now ?? new Date()).toISOString(),
    dataset: { name: input.datasetName, fields: [...input.fields] },
    classes: [...input.classes],
    metric: input.metric ?? 'macro_f1',
    lfs,
    notPortable,
    labelModel: lm ? { method: lm.method, ties: lm.ties, prior: lm.prior, seed: lm.seed, sources: [...lm.sourceIds], params: lm.params ? paramsToSpec(lm.params) : null } : null,
    calibration,
    thresholds: input.thresholds ?? null,
    ...(lm && input.decision ? { decision: input.decision } : {}),
  };
}

/** Pretty JSON: the spec is meant to be read and reviewed as well as run. */
export function specToJson(spec: PipelineSpec): string {
  return JSON.stringify(spec, null, 2) + '\n';
}
