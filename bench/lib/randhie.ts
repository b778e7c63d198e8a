import { join } from 'node:path';
import type { PipelineData } from '../../src/cli/pipeline';
import { fieldTableData, type FieldLf } from './field-table';

/**
 * RAND HIE (public/sample/tabular/randhie-2000.csv): self-rated health in 4 imbalanced classes
 * (excellent 1,091 / good 724 / fair 155 / poor 30). Field LFs written from the variables' meaning
 * (more chronic disease, physical limitation and doctor visits → worse health) with thresholds at
 * quantiles of the unlabelled fields; never tuned on labels.
 */
const CLASSES = ['excellent', 'good', 'fair', 'poor'];
const LFS: FieldLf[] = [
  { field: 'disea', op: '<=', value: 5, vote: 0 },
  { field: 'mdvis', op: '<=', value: 0, vote: 0 },
  { field: 'disea', op: '>=', value: 10, vote: 1 },
  { field: 'mdvis', op: '>=', value: 3, vote: 1 },
  { field: 'physlm', op: '>=', value: 1, vote: 2 },
  { field: 'disea', op: '>=', value: 20, vote: 2 },
  { field: 'mdvis', op: '>=', value: 10, vote: 2 },
  { field: 'disea', op: '>=', value: 30, vote: 3 },
  { field: 'mdvis', op: '>=', value: 20, vote: 3 },
];

/** A seeded 60/20/20 split into pool, dev and canary; standardised fields for the student. */
export function randhie(root: string, seed: number): PipelineData {
  return fieldTableData({ csvPath: join(root, 'public/sample/tabular/randhie-2000.csv'), labelField: 'health', classes: CLASSES, lfs: LFS, seedSalt: 0x4a1e, trainName: 'pool' }, seed);
}
