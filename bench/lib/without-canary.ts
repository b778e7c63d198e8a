import type { PipelineData } from '../../src/cli/pipeline';
import type { FeatureMatrix } from '../../src/core/student/features';

/**
 * The same data with the canary (test) split removed, features and all, so a dev-only diagnosis
 * cannot compute a canary number even by accident.
 */
export function withoutCanary(data: PipelineData): PipelineData {
  const { train, valid, test } = data.splits;
  const keep = train.n + valid.n;
  const f = data.features;
  const features: FeatureMatrix =
    f.kind === 'dense'
      ? { ...f, n: keep, values: f.values.subarray(0, keep * f.shape.reduce((a, b) => a * b, 1)) }
      : { ...f, n: keep, rowStart: f.rowStart.subarray(0, keep + 1), indices: f.indices.subarray(0, f.rowStart[keep]), values: f.values.subarray(0, f.rowStart[keep]) };
  const empty = { ...test, n: 0, votes: new Int8Array(0), gold: new Int16Array(0), ids: [] };
  return { ...data, splits: { train, valid, test: empty }, features };
}
