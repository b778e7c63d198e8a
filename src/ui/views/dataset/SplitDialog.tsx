import { useState } from 'preact/hooks';
import { drawSplits, splitCounts } from '../../../core/split';
import { adjustedPoolMix } from '../../../core/pool-mix';
import { classMixDepartures, drawPoolSplits, mixWarning, progressText, splitProgress } from '../../../core/split-pool';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';

type Source = 'pool' | 'labelled';

/**
 * Draws the canary (sacred: never trained on, gates every run) and dev sets, either at random from the
 * whole pool (the user labels them next) or as stratified samples of the items already labelled.
 */
export function SplitDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const counts = splitCounts(session.splits);
  const progress = splitProgress(session.splits, session.labels.label);
  const labeled = session.labeledCount.value;
  const itemCount = session.dataset.value.itemCount;
  const classNames = session.dataset.value.classes.map((c) => c.name);
  // With nothing labelled a stratified draw cannot run; otherwise keep what the user had.
  const [source, setSource] = useState<Source>(labeled > 0 ? 'labelled' : 'pool');
  const suggested = (from: Source) => Math.min(500, Math.floor((from === 'pool' ? itemCount * 0.1 : labeled * 0.2)));
  const [canary, setCanary] = useState(counts.canary || suggested(source));
  const [dev, setDev] = useState(counts.dev || suggested(source));
  const [seed, setSeed] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const prediction = session.prediction.value;
  // The model's predicted mix, corrected for its errors on human-labelled dev items when there are any.
  const estimate = prediction ? adjustedPoolMix(session.labels.label, prediction.label, session.splits, classNames.length, session.synthetic) : null;
  const departures = prediction ? classMixDepartures(session.labels.label, prediction.label, classNames.length, session.synthetic, estimate) : [];
  const skew = mixWarning(departures, classNames, prediction?.from?.kind === 'student' ? `student ${prediction.from.name}'s predictions` : "the label model's predictions");

  const choose = (from: Source) => {
    setSource(from);
    if (!counts.canary) {
      setCanary(suggested(from));
      setDev(suggested(from));
    }
  };

  const apply = async () => {
    if (counts.canary > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    try {
      const request = { canary, dev, seed, exclude: session.synthetic };
      const splits = source === 'pool' ? drawPoolSplits(itemCount, request) : drawSplits(session.labels.label, classNames.length, request);
      await session.saveSplits(splits, { canary, dev, seed, labeled, from: source });
      const drawn = splitProgress(splits, session.labels.label);
      say(
        'info',
        source === 'pool'
          ? `Canary: ${canary.toLocaleString('en-US')} items, dev: ${dev.toLocaleString('en-US')} items (random from the pool); ${progressText('canary', drawn.canary)}, ${progressText('dev', drawn.dev)}.`
          : `Canary: ${canary.toLocaleString('en-US')} items, dev: ${dev.toLocaleString('en-US')} items (stratified by label).`,
      );
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setConfirming(false);
    }
  };

  const incomplete = progress.canary.labelled < progress.canary.total || progress.dev.labelled < progress.dev.total;
  return (
    <Dialog title="Canary and dev sets" onClose={onClose}>
      <p data-testid="split-counts">
        Now: {counts.train.toLocaleString('en-US')} train · {counts.dev.toLocaleString('en-US')} dev · {counts.canary.toLocaleString('en-US')} canary.{' '}
        {labeled.toLocaleString('en-US')} items are labeled.
      </p>
      {counts.canary + counts.dev > 0 && (
        <p data-testid="split-progress" class={incomplete ? 'warning' : 'hint'}>
          {progressText('canary', progress.canary)} · {progressText('dev', progress.dev)}
          {incomplete ? '. Until both are fully labelled, their metrics are partial: filter by split to label the rest.' : '.'}
        </p>
      )}
      <p class="hint">
        The canary set is never used to fit anything (label models, thresholds, students); it only measures them.
      </p>
      <fieldset>
        <legend>Draw from</legend>
        <label>
          <input type="radio" name="split-source" checked={source === 'pool'} onChange={() => choose('pool')} data-testid="split-from-pool" /> the whole pool, at random
          (then label the drawn items): the mix of the data itself
        </label>
        <label>
          <input type="radio" name="split-source" checked={source === 'labelled'} onChange={() => choose('labelled')} data-testid="split-from-labelled" /> the labelled
          items, stratified by class: their mix, whatever labelled them
        </label>
      </fieldset>
      {source === 'labelled' && skew && <p role="alert" class="warning" data-testid="split-mix-warning">{skew}</p>}
      <div class="form-grid">
        <label>
          Canary size <input type="number" min={0} value={canary} onInput={(e) => setCanary(Number(e.currentTarget.value))} data-testid="canary-size" />
        </label>
        <label>
          Dev size <input type="number" min={0} value={dev} onInput={(e) => setDev(Number(e.currentTarget.value))} data-testid="dev-size" />
        </label>
        <label>
          Seed <input type="number" value={seed} onInput={(e) => setSeed(Number(e.currentTarget.value))} />
        </label>
      </div>
      {error && <p role="alert" class="error-text" data-testid="split-error">{error}</p>}
      {confirming && (
        <p role="alert" class="warning">
          This replaces the current canary set of {counts.canary.toLocaleString('en-US')} items. Results measured on the old canary will not be
          comparable. Press Apply again to confirm.
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" onClick={apply} data-testid="split-apply">
          Apply
        </button>
      </div>
    </Dialog>
  );
}
