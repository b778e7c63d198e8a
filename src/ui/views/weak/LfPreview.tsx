import { useEffect, useState } from 'preact/hooks';
import { isAbort } from '../../../core/errors';
import { canonicalJson, type LfDef } from '../../../core/lf/index';
import { NO_LABEL, type ClassDef } from '../../../core/types';
import { PREVIEW_DEBOUNCE_MS, type PreviewResult } from '../../state/lf-preview';
import { describeCondition } from './describe';
import './lf-editor.css';

/** A result with the definition it was computed for, so the panel says what it shows. */
type Shown = { def: LfDef; result: PreviewResult };
type State = { status: 'idle' } | { status: 'loading'; last: Shown | null } | { status: 'ready'; shown: Shown } | { status: 'failed'; message: string };

const count = (n: number) => n.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * Asks for a preview once typing pauses, and cancels the request a newer edit supersedes, so only the
 * latest definition's numbers are ever shown.
 */
function usePreview(def: LfDef | null, request: (def: LfDef, signal: AbortSignal) => Promise<PreviewResult>): State {
  const [state, setState] = useState<State>({ status: 'idle' });
  const key = def ? canonicalJson({ vote: def.vote, condition: def.condition }) : '';
  useEffect(() => {
    if (!def) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', last: previous.status === 'ready' ? previous.shown : previous.status === 'loading' ? previous.last : null }));
    const timer = setTimeout(() => {
      request(def, controller.signal).then(
        (result) => !controller.signal.aborted && setState({ status: 'ready', shown: { def, result } }),
        (error) => !controller.signal.aborted && !isAbort(error) && setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);
  return state;
}

/**
 * What the LF being edited would vote: coverage on a sample, votes per class, accuracy on labelled dev
 * items and up to 20 items it hits (as plain text). An invalid definition shows its problem instead.
 */
export function LfPreviewPanel(props: { def: LfDef | null; problem: string | null; classes: ClassDef[]; request: (def: LfDef, signal: AbortSignal) => Promise<PreviewResult> }) {
  const state = usePreview(props.problem ? null : props.def, props.request);
  const current = state.status === 'ready' ? state.shown : state.status === 'loading' ? state.last : null;
  const shown = current?.result ?? null;
  const className = (k: number) => props.classes[k]?.name ?? `class ${k}`;
  return (
    <section class="lf-preview" aria-label="Preview" aria-busy={state.status === 'loading'} data-testid="lf-preview" data-state={props.problem ? 'invalid' : state.status}>
      {props.problem ? (
        <p class="error-text" role="alert" data-testid="lf-problem">{props.problem}</p>
      ) : state.status === 'failed' ? (
        <p class="error-text" role="alert" data-testid="lf-preview-error">{state.message}</p>
      ) : !shown ? (
        <p class="hint">Computing the preview…</p>
      ) : (
        <div class="preview-body">
          <p class="hint" data-testid="lf-preview-of">
            {className(current!.def.vote)} where {describeCondition(current!.def.condition)}
          </p>
          <div class="preview-stats">
            <span data-testid="lf-preview-coverage">
              Coverage <strong>{pct(shown.coverage)}</strong>: {count(shown.hits)} of {count(shown.sampled)} items
              {shown.sampled < shown.eligible ? ` (a sample of the ${count(shown.eligible)} outside canary)` : shown.eligible < shown.datasetItems ? ' (all but canary)' : ''}
            </span>
            <span data-testid="lf-preview-votes">Votes: {shown.votesPerClass.map((n, k) => `${className(k)} ${count(n)}`).join(' · ')}</span>
            <span data-testid="lf-preview-dev">
              {shown.dev.labelled === 0
                ? 'Dev accuracy: no labelled dev items yet'
                : shown.dev.accuracy === null
                  ? `Dev accuracy: votes on none of the ${count(shown.dev.labelled)} labelled dev items`
                  : `Dev accuracy ${pct(shown.dev.accuracy)} (${count(shown.dev.correct)} of ${count(shown.dev.votes)} labelled dev items it votes on; 95 % interval ${pct(shown.dev.low!)}–${pct(shown.dev.high!)}; their classes: ${shown.dev.hitsByGold.map((n, k) => `${className(k)} ${count(n)}`).join(', ')})`}
            </span>
          </div>
          {shown.examples.length === 0 ? (
            <p class="hint" data-testid="lf-preview-none">It votes on none of the sampled items.</p>
          ) : (
            <>
              <p class="hint">{shown.examples.length} of the items it votes on:</p>
              <ol class="preview-examples" data-testid="lf-preview-examples">
                {shown.examples.map((hit) => (
                  <li key={hit.index} data-testid="lf-preview-hit">
                    {hit.text}
                    {hit.gold !== NO_LABEL && <span class="gold">dev: {className(hit.gold)}</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
          <p class="hint" data-testid="lf-preview-time">Computed in {Math.round(shown.ms)} ms{shown.loadMs > 0 ? ` (after reading the dataset, ${Math.round(shown.loadMs)} ms)` : ''}.</p>
        </div>
      )}
    </section>
  );
}
