import { useState } from 'preact/hooks';
import type { FidelityReport } from '../../../core/fidelity/report';
import { acceptanceFailures, type SyntheticBatch, type SyntheticMethod } from '../../../core/synthetic/batch';
import type { DatasetSession } from '../../state/session';
import { acceptBatch, classCounts, columnsOrWhy, criteriaOf, generateExemplars, openBatch, rejectBatch } from '../../state/synthetic';
import { tasks } from '../../state/tasks';
import { CriteriaForm } from './CriteriaForm';
import { FidelityReportView } from './FidelityReportView';
import { VectorReportView } from './VectorReportView';
import type { VectorFidelity } from '../../../core/fidelity/vectors';
import { BatchesHelp, TrainOnSynthetic } from './StudentCheck';
import { describeTransforms, ImageTransforms, IMAGE_TRANSFORMS_START } from './ImageTransforms';
import type { DatasetKind } from '../../../core/types';

const METHODS: { id: SyntheticMethod; name: string; texts: boolean }[] = [
  { id: 'smote', name: 'SMOTE (interpolate between same-class neighbours)', texts: false },
  { id: 'copula', name: 'Gaussian copula per class', texts: false },
  { id: 'augment', name: 'Text augmentation (token dropout and swaps)', texts: true },
];
const IMAGE_METHOD = { id: 'augment' as const, name: 'Image augmentation (flips, shifts, small rotations, noise)', texts: false };
const methodName = (method: SyntheticMethod, kind: DatasetKind) => (method === 'augment' ? `${kind === 'image' ? 'image' : 'text'} augmentation` : method === 'smote' ? 'SMOTE' : method === 'copula' ? 'copula' : method);

/**
 * Synthetic exemplars for under-represented classes: generate a batch, read its fidelity report, and
 * let it into training only when it passes the acceptance criteria (or by an override with a reason).
 */
export function SyntheticTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const table = columnsOrWhy(session, { images: true });
  const counts = classCounts(session);
  const smallest = counts.train.indexOf(Math.min(...counts.train));
  const [classIndex, setClassIndex] = useState(Math.max(0, smallest));
  const [count, setCount] = useState(50);
  const isText = dataset.kind === 'text';
  const isImage = dataset.kind === 'image';
  // Texts: augmentation first; SMOTE and the copula stay offered for a text dataset with numeric fields.
  const methods = isImage ? [IMAGE_METHOD] : METHODS.filter((m) => isText || !m.texts);
  const [method, setMethod] = useState<SyntheticMethod>(isText || isImage ? 'augment' : 'smote');
  const [transforms, setTransforms] = useState(IMAGE_TRANSFORMS_START);
  const [seed, setSeed] = useState(1);
  const busy = tasks.value.some((t) => t.title.startsWith('Generating'));
  const batches = [...(dataset.syntheticBatches ?? [])].reverse();
  if ('why' in table) return <section aria-label="Synthetic exemplars"><h2>Synthetic exemplars</h2><p class="hint">{table.why}</p></section>;
  const largest = Math.max(...counts.train);
  const generate = (e: Event) => {
    e.preventDefault();
    void generateExemplars(session, { classIndex, count, method, seed, ...(isImage ? { transforms } : {}) });
  };
  return (
    <section class="synthetic" aria-label="Synthetic exemplars">
      <h2>Synthetic exemplars</h2>
      <p class="hint">
        {isImage ? 'New images for a class, made from its real labeled train images.' : `New rows for a class, made from its real labeled train items (${table.columns.length} columns).`} They are
        marked synthetic, stay in train (never dev or canary), and enter training only once accepted; each class then keeps its real total weight.
      </p>
      <table class="metrics" data-testid="class-counts">
        <thead><tr><th>Class</th><th>Labeled, train (real)</th><th>Labeled, all splits</th></tr></thead>
        <tbody>
          {dataset.classes.map((c, k) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{counts.train[k].toLocaleString('en-US')}{counts.train[k] < largest ? ` (${(largest - counts.train[k]).toLocaleString('en-US')} fewer than the largest)` : ''}</td>
              <td>{counts.all[k].toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="actions left" onSubmit={generate}>
        <label>Class <select value={classIndex} onChange={(e) => setClassIndex(Number(e.currentTarget.value))} data-testid="synthetic-class">{dataset.classes.map((c, k) => <option key={c.name} value={k}>{c.name}</option>)}</select></label>
        <label>How many <input type="number" min={1} max={100000} value={count} onInput={(e) => setCount(Number(e.currentTarget.value))} data-testid="synthetic-count" style={{ width: '6em' }} /></label>
        <label>Method <select value={method} onChange={(e) => setMethod(e.currentTarget.value as SyntheticMethod)} data-testid="synthetic-method">{methods.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}</select></label>
        <label>Seed <input type="number" value={seed} onInput={(e) => setSeed(Number(e.currentTarget.value))} style={{ width: '4em' }} /></label>
        <button type="submit" class="primary" disabled={busy} data-testid="synthetic-generate">Generate</button>
        {isImage && <ImageTransforms value={transforms} onChange={setTransforms} />}
      </form>
      <CriteriaForm session={session} />
      {batches.length === 0 ? (
        <p class="hint" data-testid="no-batches">No synthetic batches yet.</p>
      ) : (
        <table class="metrics" data-testid="batch-list">
          <thead><tr><th>Batch</th><th>Class</th><th>Method</th><th>Items</th><th>Quality</th><th>Detection AUC</th><th>Criteria</th><th>Status</th><th /></tr></thead>
          <tbody>
            {batches.map((b) => (
              <BatchRow key={b.number} session={session} batch={b} />
            ))}
          </tbody>
        </table>
      )}
      {openBatch.value !== null && batches.some((b) => b.number === openBatch.value) && <BatchReport session={session} batch={batches.find((b) => b.number === openBatch.value)!} />}
      {batches.length > 0 && <BatchesHelp session={session} />}
    </section>
  );
}

function BatchRow({ session, batch }: { session: DatasetSession; batch: SyntheticBatch }) {
  const dataset = session.dataset.value;
  const failures = acceptanceFailures(batch.scores, criteriaOf(dataset));
  const d = batch.decision;
  return (
    <tr data-testid="batch-row">
      <th scope="row">{batch.number}</th>
      <td>{dataset.classes[batch.classIndex]?.name}</td>
      <td>{methodName(batch.method, dataset.kind)}</td>
      <td title={`items ${batch.start + 1}–${batch.start + batch.count}, made from ${batch.realRows} real rows`}>{batch.count.toLocaleString('en-US')}</td>
      <td>{batch.scores.quality?.toFixed(3) ?? '—'}</td>
      <td>{batch.scores.detectionAuc?.toFixed(3) ?? '—'}</td>
      <td data-testid="batch-criteria">{failures.length === 0 ? 'pass' : `fail: ${failures.join('; ')}`}</td>
      <td data-testid="batch-status">{d.status === 'pending' ? 'not in training' : d.status === 'accepted' ? 'accepted, in training' : d.status === 'overridden' ? `in training by override: ${d.reason}` : 'rejected'}</td>
      <td><button type="button" onClick={() => (openBatch.value = openBatch.value === batch.number ? null : batch.number)} data-testid="batch-open">{openBatch.value === batch.number ? 'Hide report' : 'Report'}</button></td>
    </tr>
  );
}

function BatchReport({ session, batch }: { session: DatasetSession; batch: SyntheticBatch }) {
  const [reason, setReason] = useState('');
  const failures = acceptanceFailures(batch.scores, criteriaOf(session.dataset.value));
  const className = session.dataset.value.classes[batch.classIndex]?.name ?? '';
  const decided = batch.decision.status !== 'pending';
  return (
    <section class="batch-report" aria-label={`Batch ${batch.number} fidelity report`} data-testid="batch-report">
      <h3>Batch {batch.number}: {batch.count.toLocaleString('en-US')} exemplars of "{className}" against its {batch.realRows.toLocaleString('en-US')} real train rows</h3>
      {batch.transforms && <p class="hint" data-testid="batch-transforms">Transforms: {describeTransforms(batch.transforms)}.</p>}
      {(batch.report as { kind?: string } | null)?.kind === 'vectors' ? (
        <VectorReportView report={batch.report as VectorFidelity} />
      ) : batch.report ? (
        <FidelityReportView report={batch.report as FidelityReport} a="real" b="synthetic" />
      ) : (
        <p data-testid="batch-no-report">This batch came in with an imported export: its scores travelled with it, its full fidelity report stayed in the app that made it.</p>
      )}
      <TrainOnSynthetic session={session} batch={batch} />
      {!decided && (
        <div class="actions left">
          {failures.length === 0 ? (
            <button type="button" class="primary" onClick={() => acceptBatch(session, batch, null)} data-testid="batch-accept">Accept into training</button>
          ) : (
            <>
              <span role="alert">Fails: {failures.join('; ')}.</span>
              <input type="text" placeholder="Why accept anyway?" value={reason} onInput={(e) => setReason(e.currentTarget.value)} aria-label="Override reason" data-testid="batch-override-reason" />
              <button type="button" disabled={!reason.trim()} onClick={() => acceptBatch(session, batch, { reason })} data-testid="batch-override">Override and accept</button>
            </>
          )}
          <button type="button" onClick={() => rejectBatch(session, batch)} data-testid="batch-reject">Reject</button>
        </div>
      )}
    </section>
  );
}
