import { buildSelection, type SelectionResult, type SelectionSpec } from '../../src/core/curation/selection';
import { SiftError } from '../../src/core/errors';
import { readColumn } from '../../src/data/columns';
import { saveCuratedSelection } from '../../src/data/curated-selections';
import { getDataset } from '../../src/data/datasets';
import { startBoundedRead, USER_WRITE_DEADLINE_MS } from '../../src/data/bounded-write';
import { decidedLabels, resolveDatasetLabels } from '../../src/data/dataset-labels';
import { latestHeldOutCopies } from '../../src/data/held-out-copies';
import { probsColumn } from '../../src/data/sources';

export interface CurateRequest {
  datasetId: string;
  name: string;
  /** The page's human labels and splits. */
  labels: Int16Array;
  splits: Uint8Array;
  spec: SelectionSpec;
}

/** Near-duplicates of dev or canary items: how many the newest dedupe run finds in the pool, and whether they were kept. */
export interface HeldOutFilter {
  dedupeRunId: string;
  items: number;
  kept: boolean;
}

export type CurateSummary = Omit<SelectionResult, 'weight' | 'label'> & { name: string; runId: string; method: string; heldOut: HeldOutFilter | null };

/**
 * Builds a named selection over the dataset's labels' proposals and stores it (weights and labels as columns).
 * Its inputs are read in one transaction the store must start within `startWithinMs` (the save after it is
 * bounded the same way): a writer elsewhere holding these stores would otherwise keep Curate waiting in silence.
 */
export async function curateSelection(request: CurateRequest, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<CurateSummary> {
  const { dataset, chosen, probs, proposed, copies } = await startBoundedRead('Reading the proposals for the selection', ['datasets', 'runs', 'sources', 'columns', 'labelEvents'], async () => {
    const dataset = await getDataset(request.datasetId);
    if (!dataset) throw new SiftError('selection/dataset', 'This dataset no longer exists.');
    // The dataset's labels propose: the newest label model, a student that beats it on dev, or a pinned run.
    const chosen = await resolveDatasetLabels(dataset.id);
    if (!chosen) throw new SiftError('selection/no-model', 'A selection keeps the label model\u2019s confident proposals: run a label model first (Label model tab).');
    const probs = await readColumn(dataset, probsColumn(chosen.key), Float32Array, dataset.classes.length);
    // Each proposal is the label the item list shows (the model's dev-tuned decision), not the raw argmax.
    const proposed = await decidedLabels(dataset, chosen);
    // Without a dedupe run nothing is known about copies of dev and canary items; the summary says so.
    const copies = await latestHeldOutCopies(dataset.id, request.splits);
    return { dataset, chosen, probs, proposed, copies };
  }, startWithinMs);
  const k = dataset.classes.length;
  const kept = request.spec.keepHeldOutCopies === true;
  const heldOut = copies && { dedupeRunId: copies.runId, items: copies.items.length, kept };
  const input = { n: dataset.itemCount, k, probs, proposed, labels: request.labels, splits: request.splits, ...(copies && !kept ? { heldOutCopies: copies.items } : {}) };
  const selection = buildSelection(input, request.spec);
  const method = chosen.kind === 'student' ? `student ${chosen.name}` : String(chosen.run.results.chosen ?? chosen.run.params.method);
  const name = await saveCuratedSelection(dataset, request.name, selection, { method: 'curate', labels_run: chosen.run.id, labels_from: method, spec: request.spec, held_out_copies: heldOut }, startWithinMs);
  const { weight: _w, label: _l, ...summary } = selection;
  return { ...summary, name, runId: chosen.run.id, method, heldOut };
}
