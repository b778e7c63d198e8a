import { Split } from '../../../core/types';
import { voteState } from '../../../core/weak/source-state';
import { useLive } from '../../hooks/live';
import { review } from '../../state/review';
import { loopStore, type LoopStore } from '../../state/results';
import { go } from '../../state/route';
import type { DatasetSession } from '../../state/session';
import { canaryAccuracy, loopState } from './loop';
import { TrainingProgress } from './TrainingProgress';

/**
 * The loop's steps with their state and the one suggested next action, under the dataset's name. Live:
 * labels and splits come from the session, the review queue from its signal, and sources, runs and the
 * student from a live query, so work done in a worker or another tab shows without a reload.
 */
export function LoopBar({ session, onSplits, onExport }: { session: DatasetSession; onSplits: () => void; onExport: () => void }) {
  session.labelsVersion.value;
  session.splitsVersion.value;
  const dataset = session.dataset.value;
  const store = useLive<LoopStore | null>(() => loopStore(dataset), [dataset.id, dataset.itemCount], null);
  let canary = 0;
  let canaryLabeled = 0;
  let dev = 0;
  const { splits } = session;
  const labels = session.labels.label;
  for (let i = 0; i < splits.length; i++) {
    if (splits[i] === Split.canary) {
      canary++;
      if (labels[i] >= 0) canaryLabeled++;
    } else if (splits[i] === Split.dev) dev++;
  }
  // Until the first read arrives, the session's copy of the sources stands in.
  const sources = store?.sources ?? session.sources.value;
  const queue = review.value;
  const { steps, next } = loopState({
    canary,
    canaryLabeled,
    dev,
    sources: sources.length,
    staleSources: sources.filter((s) => voteState(s) === 'stale').length,
    labelModel: store ? store.labelModel : session.labelModel.value ? 'fitted' : 'none',
    reviewWaiting: queue && queue.datasetId === session.id ? Math.max(0, queue.queue.picks.length - queue.at) : 0,
    student: store?.student ? { name: store.student.name, canaryAccuracy: canaryAccuracy(store.student.votes, labels, splits) } : null,
  });
  const act = () => {
    if (next.target === 'splits') return onSplits();
    if (next.target === 'export') return onExport();
    if (next.target === 'items') session.runQuery({ ...session.query.value, split: Split.canary, label: 'unlabeled' });
    go({ name: 'dataset', id: session.id, tab: next.target });
  };
  return (
    <nav class="loop-bar" aria-label="Labeling loop" data-testid="loop-bar">
      <ol class="loop-steps">
        {steps.map((s) => (
          <li key={s.id} class={s.done ? 'done' : ''} data-step={s.id}>
            <span class="loop-title">{s.title}</span> <span class="loop-state">{s.state}</span>
          </li>
        ))}
      </ol>
      <TrainingProgress datasetId={session.id} />
      <span class="loop-next">
        Next: <button type="button" class="link" onClick={act} data-testid="loop-next">{next.text}</button>
      </span>
    </nav>
  );
}
