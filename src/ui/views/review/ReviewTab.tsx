import { useEffect, useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { answer, buildQueue, closeReview, flag, review, reviewItems, skip, type ReviewPick, type ReviewStrategy } from '../../state/review';
import type { ItemRow } from '../../../data/items';
import { displayText } from '../../item-text';
import { RefitPanel } from './RefitPanel';
import { DEFAULT_LOOP_PICK } from '../../../core/review/loop-pick';
import { useLive } from '../../hooks/live';
import { storedEmbeddings } from '../../state/selections';

const strategyTitles: Record<ReviewStrategy, string> = {
  uncertainty: 'Least confidence',
  margin: 'Margin (closest to the decision boundary)',
  entropy: 'Entropy',
  disagreement: 'Disagreement (sources against the model)',
  diverse: 'Diverse batch (uncertain items spread out by stored vectors)',
};

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Why this item is in the queue, in the user's words. */
function reasons(pick: ReviewPick, className: (c: number) => string): string[] {
  if (pick.reason) return [pick.reason];
  const out: string[] = pick.note ? [pick.note] : [];
  if (pick.margin < 0.2) out.push(`uncertain: ${className(pick.suggested)} leads the next class by ${pct(pick.margin)}`);
  else out.push(`model ${pct(pick.confidence)} sure of ${className(pick.suggested)}`);
  if (pick.voters === 0) out.push('no source votes on it');
  else if (pick.dissent > 0) out.push(`disputed: ${pick.dissent} of ${pick.voters} voting sources say otherwise`);
  return out;
}

/**
 * The review queue: the items the newest model (label model, or a refit's student) is least sure of
 * (or that sources dispute), one at a time, keyboard-first. Each answer is a human label and becomes a seed for the next fit.
 */
export function ReviewTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const classes = dataset.classes;
  // The review benchmark's dev-chosen default, shared with `sift simulate-review` (core/review/loop-pick.ts).
  const [strategy, setStrategy] = useState<ReviewStrategy>(DEFAULT_LOOP_PICK);
  const [batch, setBatch] = useState(20);
  const embeddings = useLive(() => storedEmbeddings(session.id), [session.id], [] as string[]);
  const [embedder, setEmbedder] = useState('');
  const chosenEmbedder = embeddings.includes(embedder) ? embedder : (embeddings[0] ?? '');
  const needsVectors = strategy === 'diverse' && !chosenEmbedder;
  const [includeDev, setIncludeDev] = useState(false);
  const [includeCanary, setIncludeCanary] = useState(false);
  const [rows, setRows] = useState<ItemRow[]>([]);
  const state = review.value;
  const pick = state?.queue.picks[state.at];
  const row = state ? rows[state.at] : undefined;

  useEffect(() => {
    setRows([]);
    if (state) reviewItems(session, state.queue.picks).then(setRows);
  }, [state?.queue]);

  // One listener for the tab's life, reading the queue when a key comes: re-attached per item after each
  // paint, a key pressed as soon as the next item shows was lost.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const current = review.value;
      const pick = current?.queue.picks[current.at];
      if (!pick) return;
      if (event.ctrlKey || event.metaKey || event.altKey || (event.target instanceof HTMLElement && event.target.closest('input, select, textarea'))) return;
      const byKey = classes.findIndex((c) => c.key === event.key);
      if (event.key === 'Enter' || event.key === 'a') void answer(session, pick.suggested);
      else if (byKey >= 0) void answer(session, byKey);
      else if (event.key === 's') skip();
      else if (event.key === 'f') void flag(session);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, classes]);

  const start = () => buildQueue(session, strategy, batch, [...(includeDev ? ['dev' as const] : []), ...(includeCanary ? ['canary' as const] : [])], strategy === 'diverse' ? chosenEmbedder : undefined);

  return (
    <section class="review" aria-label="Review queue">
      <div class="form-row">
        <label>
          Strategy
          <select value={strategy} onChange={(e) => setStrategy(e.currentTarget.value as ReviewStrategy)} data-testid="review-strategy">
            {(Object.keys(strategyTitles) as ReviewStrategy[]).map((s) => <option key={s} value={s}>{strategyTitles[s]}{s === DEFAULT_LOOP_PICK ? ' (default)' : ''}</option>)}
          </select>
        </label>
        {strategy === 'diverse' && embeddings.length > 0 && (
          <label>
            Vectors of
            <select value={chosenEmbedder} onChange={(e) => setEmbedder(e.currentTarget.value)} data-testid="review-embedder">
              {embeddings.map((e) => <option key={e} value={e}>{e}</option>)}
            </select>
          </label>
        )}
        <label>
          Batch size
          <input type="number" min={1} max={10000} value={batch} onInput={(e) => setBatch(Number(e.currentTarget.value))} data-testid="review-batch" />
        </label>
        <label title="Dev and canary items are only reviewed when you ask: their labels measure, they do not teach">
          <input type="checkbox" checked={includeDev} onChange={(e) => setIncludeDev(e.currentTarget.checked)} /> include dev
        </label>
        <label>
          <input type="checkbox" checked={includeCanary} onChange={(e) => setIncludeCanary(e.currentTarget.checked)} /> include canary
        </label>
        <button type="button" onClick={start} disabled={needsVectors} data-testid="review-start">{state ? 'New batch' : 'Build queue'}</button>
      </div>
      {needsVectors && <p class="hint" data-testid="review-needs-vectors">A diverse batch spreads the uncertain items out by their stored vectors, and this dataset has none yet: run an embedder in the Teachers tab first (the built-in hashed n-gram embedder for text, image pixels for images).</p>}
      {!state && <p class="hint">Ranks the unlabelled pool items by the newest label model run, or, after a Refit, by the refit's student (calibrated on dev). Keys: Enter or a accepts the suggestion, a class key picks another, s skips, f flags.</p>}
      {state && (
        <p class="hint" data-testid="review-progress">
          <span data-testid="review-ranked-on">Ranked on the {state.queue.rankedOn}</span> · {state.at < state.queue.picks.length ? `item ${state.at + 1} of ${state.queue.picks.length}` : `batch done (${state.queue.picks.length} items)`} · {state.answered} labelled, {state.skipped} skipped, {state.flagged} flagged · {state.queue.eligible.toLocaleString('en-US')} items eligible
        </p>
      )}
      {state && !pick && (
        <p>
          This batch is done. Refit (below) to learn from your answers, then build a new batch.{' '}
          <button type="button" onClick={closeReview}>Close</button>
        </p>
      )}
      {pick && (
        <article class="review-item" data-testid="review-item" data-item={pick.item}>
          <ul class="review-reasons" data-testid="review-reasons">
            {reasons(pick, (c) => classes[c]?.name ?? String(c)).map((r) => <li key={r}>{r}</li>)}
          </ul>
          <p class="review-id">{row?.id ?? ''}</p>
          <p class="review-text" data-testid="review-text">{row ? displayText(session.dataset.value, row) : 'Loading…'}</p>
          <div class="review-actions">
            <button type="button" onClick={() => void answer(session, pick.suggested)} data-testid="review-accept">
              Accept “{classes[pick.suggested]?.name}” (Enter)
            </button>
            {classes.map((c, i) => (
              <button type="button" key={c.name} onClick={() => void answer(session, i)} data-testid="review-pick">
                {c.name} ({c.key})
              </button>
            ))}
            <button type="button" onClick={skip}>Skip (s)</button>
            <button type="button" onClick={() => void flag(session)}>Flag (f)</button>
          </div>
        </article>
      )}
      <RefitPanel session={session} rerank={state ? start : null} />
    </section>
  );
}
