import { Split } from '../../../core/types';
import { voteState } from '../../../core/weak/source-state';
import { go } from '../../state/route';
import type { DatasetSession } from '../../state/session';
import { loopState } from './loop';
import { TrainingProgress } from './TrainingProgress';

/** The loop's steps with their state and the one suggested next action, under the dataset's name. */
export function LoopBar({ session, onSplits }: { session: DatasetSession; onSplits: () => void }) {
  session.labelsVersion.value;
  session.splitsVersion.value;
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
  const sources = session.sources.value;
  const { steps, next } = loopState({
    canary,
    canaryLabeled,
    dev,
    sources: sources.length,
    staleSources: sources.filter((s) => voteState(s) === 'stale').length,
    labelModel: session.labelModel.value !== null,
  });
  const act = () => {
    if (next.target === 'splits') return onSplits();
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
