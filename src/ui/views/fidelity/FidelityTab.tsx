import { useEffect, useState } from 'preact/hooks';
import type { ItemSet, SetQuery } from '../../../data/synthetic-run';
import type { DatasetSession } from '../../state/session';
import { columnsOrWhy, compareSets, setsReport } from '../../state/synthetic';
import { FidelityReportView } from './FidelityReportView';
import { VectorReportView } from './VectorReportView';

/** Set choices as option values: "split:train", "real", "synthetic", "batch:3", "import:2". */
function parseSet(value: string): ItemSet {
  const [kind, arg] = value.split(':');
  if (kind === 'split') return { kind: 'split', split: arg as 'train' | 'dev' | 'canary' };
  if (kind === 'batch') return { kind: 'batch', number: Number(arg) };
  if (kind === 'import') return { kind: 'import', batch: Number(arg) };
  return { kind: kind as 'real' | 'synthetic' };
}

/** The fidelity report of any two item sets of the dataset: splits, real vs synthetic, one batch, per class. */
export function FidelityTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const isImage = dataset.kind === 'image';
  // Images have no columns to compare: their sets are compared on vectors.
  const table = isImage ? { columns: [] } : columnsOrWhy(session);
  const [a, setA] = useState('split:train');
  const [b, setB] = useState('split:dev');
  const [classA, setClassA] = useState('');
  const [classB, setClassB] = useState('');
  useEffect(() => {
    setsReport.value = null;
  }, [session.id]);
  if ('why' in table) return <section aria-label="Fidelity"><h2>Fidelity</h2><p class="hint">{table.why}</p></section>;
  const sets = [
    ['split:train', 'train (real items)'],
    ['split:dev', 'dev'],
    ['split:canary', 'canary'],
    ['real', 'all real items'],
    ['synthetic', 'all synthetic items'],
    ...(dataset.syntheticBatches ?? []).map((batch) => [`batch:${batch.number}`, `synthetic batch ${batch.number} (${dataset.classes[batch.classIndex]?.name})`]),
    ...(dataset.importBatches?.length ? [['import:1', 'import batch 1 (the first import)'], ...dataset.importBatches.map((batch) => [`import:${batch.number}`, `import batch ${batch.number}`])] : []),
  ];
  const name = (value: string, cls: string) => `${sets.find((s) => s[0] === value)?.[1] ?? value}${cls === '' ? '' : `, ${dataset.classes[Number(cls)]?.name}`}`;
  const query = (value: string, cls: string): SetQuery => ({ set: parseSet(value), classIndex: cls === '' ? null : Number(cls) });
  const compute = (e: Event) => {
    e.preventDefault();
    void compareSets(session, query(a, classA), query(b, classB), `${name(b, classB)} against ${name(a, classA)}`);
  };
  const picker = (value: string, set: (v: string) => void, cls: string, setCls: (v: string) => void, id: string) => (
    <>
      <select value={value} onChange={(e) => set(e.currentTarget.value)} data-testid={`fidelity-set-${id}`} aria-label={`Set ${id.toUpperCase()}`}>{sets.map(([v, label]) => <option key={v} value={v}>{label}</option>)}</select>
      <select value={cls} onChange={(e) => setCls(e.currentTarget.value)} data-testid={`fidelity-class-${id}`} aria-label={`Class of set ${id.toUpperCase()}`}>
        <option value="">every class</option>
        {dataset.classes.map((c, k) => <option key={c.name} value={k}>{c.name}</option>)}
      </select>
    </>
  );
  const report = setsReport.value;
  return (
    <section class="fidelity" aria-label="Fidelity">
      <h2>Fidelity</h2>
      {isImage ? (
        <p class="hint" data-testid="fidelity-images-hint">
          How alike two sets of images are, on vectors (the built-in pixels embedder's when it ran, else 8×8 grey; the report says which): shapes per dimension,
          whether a logistic regression can tell them apart (5-fold ROC AUC; 0.5 = it cannot), and k-NN precision and recall of the two manifolds. Computed in a worker.
        </p>
      ) : (
        <p class="hint">
          How alike two sets of items are, column by column ({table.columns.length} columns and the class): shapes, pair trends, tails and coverage, and whether a
          logistic regression can tell them apart (5-fold ROC AUC; 0.5 = it cannot). Computed in a worker.
        </p>
      )}
      <form class="actions left" onSubmit={compute}>
        <span>Reference</span> {picker(a, setA, classA, setClassA, 'a')}
        <span>against</span> {picker(b, setB, classB, setClassB, 'b')}
        <button type="submit" class="primary" data-testid="fidelity-compute">Compare</button>
      </form>
      {report && (
        <section aria-label="Fidelity report">
          <h3 data-testid="fidelity-title">{report.title}</h3>
          <p class="hint">{report.rows.a.toLocaleString('en-US')} items against {report.rows.b.toLocaleString('en-US')}.</p>
          {'kind' in report.report ? (
            <VectorReportView report={report.report} a="reference" b="compared" />
          ) : (
            <FidelityReportView report={report.report} a="reference" b="compared" />
          )}
        </section>
      )}
    </section>
  );
}
