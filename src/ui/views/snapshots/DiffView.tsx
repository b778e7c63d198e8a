import { labelOriginNames } from '../../../core/snapshot/diff';
import type { CanaryMetrics } from '../../../core/snapshot/types';
import type { SnapshotDiff } from '../../../data/snapshots';
import { CountBars } from './CountBars';
import { pct } from './describe';

function labelText(classes: string[], label: number, origin: number): string {
  return label < 0 ? '(none)' : `${classes[label] ?? label} · ${labelOriginNames[origin]}`;
}

function CanaryRow({ name, pick, a, b }: { name: string; pick: (m: CanaryMetrics) => string; a: CanaryMetrics | null; b: CanaryMetrics | null }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{a ? pick(a) : '–'}</td>
      <td>{b ? pick(b) : '–'}</td>
    </tr>
  );
}

/** Items whose label or label source changed between A and B, counts per class, canary metrics side by side. */
export function DiffView({ diff, classes }: { diff: SnapshotDiff; classes: string[] }) {
  const names = [...classes, '(unlabeled)'];
  const ca = diff.a.canary;
  const cb = diff.b.canary;
  return (
    <section aria-label="Snapshot diff" data-testid="snapshot-diff">
      <h3>
        "{diff.a.name}" → "{diff.b.name}"
      </h3>
      <p data-testid="diff-summary">
        {diff.changed.toLocaleString('en-US')} items changed label or label source ({diff.labelChanged.toLocaleString('en-US')} changed label).
        {diff.sources.added.length > 0 && ` Sources added: ${diff.sources.added.join(', ')}.`}
        {diff.sources.removed.length > 0 && ` Sources removed: ${diff.sources.removed.join(', ')}.`}
        {diff.sources.changed.length > 0 && ` Sources changed: ${diff.sources.changed.join(', ')}.`}
      </p>
      <div class="charts">
        <table class="metrics" data-testid="diff-counts">
          <thead><tr><th>Class</th><th>A</th><th>B</th><th>Change</th></tr></thead>
          <tbody>
            {names.map((name, c) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{diff.countsA[c].toLocaleString('en-US')}</td>
                <td>{diff.countsB[c].toLocaleString('en-US')}</td>
                <td>{(diff.countsB[c] - diff.countsA[c] > 0 ? '+' : '') + (diff.countsB[c] - diff.countsA[c]).toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CountBars testId="diff-chart" classes={names} a={diff.countsA} b={diff.countsB} />
        <table class="metrics" data-testid="diff-canary">
          <thead><tr><th>Canary</th><th>A</th><th>B</th></tr></thead>
          <tbody>
            <CanaryRow name="Items" a={ca} b={cb} pick={(m) => m.count.toLocaleString('en-US')} />
            <CanaryRow name="Accuracy" a={ca} b={cb} pick={(m) => pct(m.accuracy)} />
            <CanaryRow name="Macro-F1" a={ca} b={cb} pick={(m) => pct(m.macroF1)} />
            {classes.map((name, c) => <CanaryRow key={name} name={`F1 ${name}`} a={ca} b={cb} pick={(m) => pct(m.perClassF1[c])} />)}
            <CanaryRow name="ECE" a={ca} b={cb} pick={(m) => (Number.isFinite(m.ece) ? m.ece.toFixed(3) : '–')} />
          </tbody>
        </table>
      </div>
      {diff.rows.length > 0 && (
        <table class="metrics" data-testid="diff-items">
          <thead><tr><th>Item</th><th>In A</th><th>In B</th></tr></thead>
          <tbody>
            {diff.rows.map((row) => (
              <tr key={row.index} data-testid="diff-row">
                <th scope="row">{row.id}</th>
                <td>{labelText(classes, row.before.label, row.before.origin)}</td>
                <td>{labelText(classes, row.after.label, row.after.origin)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {diff.changed > diff.rows.length && <p class="hint">Showing the first {diff.rows.length.toLocaleString('en-US')} of {diff.changed.toLocaleString('en-US')} changed items.</p>}
    </section>
  );
}
