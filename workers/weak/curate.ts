import { buildSelection, type SelectionResult, type SelectionSpec } from '../../src/core/curation/selection';
import { SiftError } from '../../src/core/errors';
import { readColumn } from '../../src/data/columns';
import { saveCuratedSelection } from '../../src/data/curated-selections';
import { getDataset } from '../../src/data/datasets';
import { listRuns } from '../../src/data/runs';
import { probsColumn } from '../../src/data/sources';

export interface CurateRequest {
  datasetId: string;
  name: string;
  /** The page's human labels and splits. */
  labels: Int16Array;
  splits: Uint8Array;
  spec: SelectionSpec;
}

export type CurateSummary = Omit<SelectionResult, 'weight' | 'label'> & { name: string; runId: string; method: string };

/** Builds a named selection over the newest label model's proposals and stores it (weights and labels as columns). */
export async function curateSelection(request: CurateRequest): Promise<CurateSummary> {
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('selection/dataset', 'This dataset no longer exists.');
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  if (!run) throw new SiftError('selection/no-model', 'A selection keeps the label model\u2019s confident proposals: run a label model first (Label model tab).');
  const k = dataset.classes.length;
  const probs = await readColumn(dataset, probsColumn(run.id), Float32Array, k);
  const selection = buildSelection({ n: dataset.itemCount, k, probs, labels: request.labels, splits: request.splits }, request.spec);
  const method = String(run.results.chosen ?? run.params.method);
  const name = await saveCuratedSelection(dataset, request.name, selection, { method: 'curate', label_model_run: run.id, label_model: method, spec: request.spec });
  const { weight: _w, label: _l, ...summary } = selection;
  return { ...summary, name, runId: run.id, method };
}
