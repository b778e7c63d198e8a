import { useState } from 'preact/hooks';
import { drawSplits, splitCounts } from '../../../core/split';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';

/**
 * Draws the canary (sacred: never trained on, gates every run) and dev sets as stratified samples
 * of the labeled items.
 */
export function SplitDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const counts = splitCounts(session.splits);
  const labeled = session.labeledCount.value;
  const suggested = Math.min(500, Math.floor(labeled * 0.2));
  const [canary, setCanary] = useState(counts.canary || suggested);
  const [dev, setDev] = useState(counts.dev || suggested);
  const [seed, setSeed] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const apply = async () => {
    if (counts.canary > 0 && !confirming) {
      setConfirming(true);
      return;
    }
    try {
      const splits = drawSplits(session.labels.label, session.dataset.value.classes.length, { canary, dev, seed, exclude: session.synthetic });
      await session.saveSplits(splits, { canary, dev, seed, labeled });
      say('info', `Canary: ${canary.toLocaleString('en-US')} items, dev: ${dev.toLocaleString('en-US')} items (stratified by label).`);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setConfirming(false);
    }
  };

  return (
    <Dialog title="Canary and dev sets" onClose={onClose}>
      <p data-testid="split-counts">
        Now: {counts.train.toLocaleString('en-US')} train · {counts.dev.toLocaleString('en-US')} dev · {counts.canary.toLocaleString('en-US')} canary.{' '}
        {labeled.toLocaleString('en-US')} items are labeled.
      </p>
      <p class="hint">
        The canary set is never used to fit anything (label models, thresholds, students); it only measures them. Both sets are drawn
        from labeled items, stratified by class.
      </p>
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
