import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../data/db';
import { watchAudit } from '../../state/activity';
import { messageLog } from '../../state/messages';
import type { DatasetSession } from '../../state/session';
import { describeAudit } from './activity';

const LIMIT = 300;
const when = (ms: number) => new Date(ms).toLocaleString();

interface Line {
  key: string;
  at: number;
  kind: 'change' | 'info' | 'error';
  text: string;
}

/**
 * What happened to this dataset: every stored change (the audit table, live across tabs and workers)
 * and every message this page showed for it, newest first.
 */
export function ActivityTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(
    () => watchAudit(dataset.id, LIMIT, setEntries, (e) => setError(`The activity log could not be read: ${e instanceof Error ? e.message : e}`)),
    [dataset.id],
  );
  const scope = `dataset:${dataset.id}`;
  const lines: Line[] = [
    ...(entries ?? []).map((e): Line => ({ key: `a${e.seq}`, at: e.at, kind: 'change', text: describeAudit(e, dataset.classes) })),
    ...messageLog.value.filter((m) => m.scope === scope).map((m): Line => ({ key: `m${m.id}`, at: m.at, kind: m.kind, text: m.text })),
  ].sort((a, b) => b.at - a.at);

  return (
    <section class="activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <p class="hint">Changes stored for this dataset (from any tab) and the messages shown here since this page was opened.</p>
      {error && <p role="alert" class="error-text">{error}</p>}
      {entries === null && !error ? (
        <p class="hint">Reading…</p>
      ) : lines.length === 0 ? (
        <p class="hint">Nothing yet.</p>
      ) : (
        <ol class="activity-log" data-testid="activity-log">
          {lines.map((line) => (
            <li key={line.key} class={`activity-${line.kind}`} data-kind={line.kind}>
              <time dateTime={new Date(line.at).toISOString()}>{when(line.at)}</time>
              <span class="activity-kind">{line.kind === 'change' ? 'change' : line.kind === 'error' ? 'error' : 'message'}</span>
              <span class="activity-text">{line.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
