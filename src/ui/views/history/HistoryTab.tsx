import { useEffect, useState } from 'preact/hooks';
import { describeValue } from '../../../core/history/values';
import type { MetricPoint } from '../../../core/history/effect';
import type { DatasetSession } from '../../state/session';
import { restoreChange, watchHistory, type HistoryRow } from '../../state/history';

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);
const kindText = { lf: 'LF', threshold: 'Threshold', calibration: 'Calibration', 'label-model': 'Label model' } as const;

function Metric({ point, split }: { point: MetricPoint | null; split: 'dev' | 'canary' }) {
  return <>{point ? `${pct(point[split]?.accuracy)} acc · ${pct(point[split]?.macro_f1)} F1` : '–'}</>;
}

/**
 * Every change to what makes the labels, newest first, with the label model's dev and canary scores of
 * the last fit before it and the first fit after it. LF and threshold versions can be restored.
 */
export function HistoryTab({ session }: { session: DatasetSession }) {
  const [rows, setRows] = useState<HistoryRow[] | null>(null);
  useEffect(() => watchHistory(session.id, setRows), [session.id]);
  if (!rows) return <p class="hint">Loading the change log…</p>;
  if (rows.length === 0) return <p class="hint">No changes yet: creating or editing an LF, a teacher threshold, a calibration or the label-model choice is logged here.</p>;
  return (
    <section aria-label="Generator history">
      <p class="hint">Scores are the label model's on dev and canary: the last fit before each change, and the first fit after it (refit to fill it in).</p>
      <table class="history" data-testid="history-table">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Change</th>
            <th>Before</th>
            <th>After</th>
            <th>Dev before → after</th>
            <th>Canary before → after</th>
            <th><span class="visually-hidden">Restore</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { entry } = row;
            const restorable = entry.kind === 'lf' || entry.kind === 'threshold';
            return (
              <tr key={entry.seq} data-testid="history-row" data-kind={entry.kind} data-action={entry.action}>
                <td>{new Date(entry.at).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td>{kindText[entry.kind]}: {entry.name}</td>
                <td>{entry.action}{entry.restoredFrom ? ` (of change ${entry.restoredFrom.seq}, ${entry.restoredFrom.side})` : ''}</td>
                <td data-testid="history-before">{describeValue(entry.before)}</td>
                <td data-testid="history-after">{describeValue(entry.after)}</td>
                <td data-testid="history-dev"><Metric point={row.before} split="dev" /> → <Metric point={row.after} split="dev" />{row.later > 0 ? ` (with ${row.later} later change${row.later === 1 ? '' : 's'})` : ''}</td>
                <td data-testid="history-canary"><Metric point={row.before} split="canary" /> → <Metric point={row.after} split="canary" /></td>
                <td class="row-actions">
                  {restorable && entry.before && (
                    <button type="button" class="link" data-testid="restore-before" onClick={() => restoreChange(session, row, 'before')}>Restore before</button>
                  )}
                  {restorable && entry.after && entry.action !== 'delete' && (
                    <button type="button" class="link" data-testid="restore-after" onClick={() => restoreChange(session, row, 'after')}>Restore after</button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
