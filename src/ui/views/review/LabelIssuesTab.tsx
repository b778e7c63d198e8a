import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { computeLabelIssues, issueItems, labelIssues, loadLabelIssues, reviewLabelIssues, type IssueRow, type LabelIssuesSettings } from '../../state/label-issues';
import type { ItemRow } from '../../../data/items';
import { displayText } from '../../item-text';
import { DEFAULT_TABLE_FEATURES } from '../../../core/features/table';
import { tasks } from '../../state/tasks';

type SortKey = 'selfConfidence' | 'normalizedMargin';
const SHOWN = 200;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Likely label errors (confident learning on out-of-fold probabilities the app computes itself with
 * k-fold students), sortable by either score, with the confident joint; "Review these" queues the
 * flagged items in the Review tab.
 */
export function LabelIssuesTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const classes = dataset.classes;
  const className = (c: number) => classes[c]?.name ?? String(c);
  const [against, setAgainst] = useState<LabelIssuesSettings['against']>('predicted');
  const [folds, setFolds] = useState(5);
  const [sort, setSort] = useState<SortKey>('selfConfidence');
  const [onlyFlagged, setOnlyFlagged] = useState(true);
  const [texts, setTexts] = useState<Map<number, ItemRow>>(new Map());
  const report = labelIssues.value?.datasetId === session.id ? labelIssues.value : null;
  const busy = tasks.value.some((t) => t.title === 'Finding label issues');

  useEffect(() => void loadLabelIssues(session), [session.id]);

  const rows = useMemo(() => {
    if (!report) return [];
    const chosen = onlyFlagged ? report.rows.filter((r) => r.flagged) : report.rows.slice();
    return chosen.sort((a, b) => a[sort] - b[sort] || a.item - b.item);
  }, [report, sort, onlyFlagged]);
  const shown = rows.slice(0, SHOWN);

  useEffect(() => {
    if (shown.length === 0) return;
    issueItems(session, shown.map((r) => r.item)).then((read) => setTexts(new Map(shown.map((r, i) => [r.item, read[i]]))));
  }, [shown.map((r) => r.item).join(',')]);

  const run = () =>
    computeLabelIssues(session, {
      against,
      folds,
      features: dataset.kind === 'image' ? { kind: 'image', size: 28, channels: 1 } : dataset.kind === 'table' ? { kind: 'table', ...DEFAULT_TABLE_FEATURES } : { kind: 'hashed-ngrams', dim: 16384 },
      arch: 'linear',
      train: { hidden: 64, epochs: 20, batchSize: 32, learningRate: 0.01, l2: 1e-5, seed: 0, patience: 5 },
    });
  const header = (key: SortKey, title: string) => (
    <th aria-sort={sort === key ? 'ascending' : 'none'}>
      <button type="button" class="link" onClick={() => setSort(key)} data-testid={`issues-sort-${key}`}>{title}{sort === key ? ' ▲' : ''}</button>
    </th>
  );

  return (
    <section class="label-issues" aria-label="Label issues">
      <form class="form-row" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>
          Check
          <select value={against} onChange={(e) => setAgainst(e.currentTarget.value as LabelIssuesSettings['against'])} data-testid="issues-against">
            <option value="predicted">human labels, and the label model’s predictions elsewhere</option>
            <option value="given">human labels only</option>
          </select>
        </label>
        <label>
          Folds
          <input type="number" min={2} max={20} value={folds} onInput={(e) => setFolds(Number(e.currentTarget.value))} data-testid="issues-folds" />
        </label>
        <button type="submit" disabled={busy} data-testid="issues-run">Find label issues</button>
      </form>
      {!report && <p class="hint">Trains one student per fold on the other folds’ labels and asks it about the held-out items, so no item is judged by a model that saw its label; confident learning (as cleanlab) then flags the labels those out-of-fold probabilities contradict. Dev and canary items are neither judged nor trained on.</p>}
      {report && (
        <>
          <p data-testid="issues-summary">
            {report.flagged.toLocaleString('en-US')} likely label errors among {report.checked.toLocaleString('en-US')} checked labels ({report.against === 'given' ? 'human labels' : 'human and predicted labels'}, {report.folds}-fold students on {report.features}).
          </p>
          <table class="confident-joint" data-testid="issues-joint">
            <caption>Confident joint: given label (rows) against the class the students are confident of (columns)</caption>
            <thead><tr><th /> {classes.map((c) => <th key={c.name} scope="col">{c.name}</th>)}</tr></thead>
            <tbody>
              {report.confidentJoint.map((row, g) => (
                <tr key={g}><th scope="row">{className(g)}</th>{row.map((count, t) => <td key={t}>{count}</td>)}</tr>
              ))}
            </tbody>
          </table>
          <div class="form-row">
            <label><input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.currentTarget.checked)} data-testid="issues-only-flagged" /> only flagged</label>
            <button type="button" disabled={rows.length === 0} onClick={() => reviewLabelIssues(session, rows, className)} data-testid="issues-review">
              Review these ({rows.length.toLocaleString('en-US')})
            </button>
          </div>
          <table class="issues" data-testid="issues-table">
            <thead>
              <tr><th>Item</th><th>Text</th><th>Label</th><th>Suggested</th>{header('selfConfidence', 'Self-confidence')}{header('normalizedMargin', 'Normalised margin')}</tr>
            </thead>
            <tbody>
              {shown.map((r: IssueRow) => {
                const row = texts.get(r.item);
                return (
                  <tr key={r.item} data-testid="issue-row" data-item={r.item} class={r.flagged ? 'flagged' : ''}>
                    <td>{row?.id ?? ''}</td>
                    <td class="issue-text">{row ? displayText(dataset, row).slice(0, 160) : ''}</td>
                    <td>{className(r.given)}</td>
                    <td>{className(r.suggested)}</td>
                    <td data-testid="issue-self">{pct(r.selfConfidence)}</td>
                    <td data-testid="issue-margin">{r.normalizedMargin.toFixed(3)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.length > SHOWN && <p class="hint">Showing the first {SHOWN} of {rows.length.toLocaleString('en-US')}.</p>}
        </>
      )}
    </section>
  );
}
