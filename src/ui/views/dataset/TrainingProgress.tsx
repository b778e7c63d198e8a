import { go } from '../../state/route';
import { activeTraining } from '../../state/students';

/**
 * A student training in the background, in the loop header: which, how far (round, epoch, dev
 * accuracy), and a link back to the Students tab. Shown on every tab of the dataset it trains on.
 */
export function TrainingProgress({ datasetId }: { datasetId: string }) {
  const active = activeTraining.value;
  if (!active || active.datasetId !== datasetId) return null;
  const { epoch, epochs, round, devAccuracy } = active;
  const where = epoch > 0 ? `${round > 0 ? `round ${round}, ` : ''}epoch ${epoch} of at most ${epochs}${devAccuracy !== null ? ` · dev accuracy ${(devAccuracy * 100).toFixed(1)} %` : ''}` : active.message;
  return (
    <span class="loop-training" role="status" data-testid="loop-training">
      <button type="button" class="link" onClick={() => go({ name: 'dataset', id: datasetId, tab: 'students' })}>Training {active.name}</button>
      {': '}
      <span data-testid="loop-training-state">{where}</span>
      {epoch > 0 && <progress max={epochs} value={epoch} aria-label={`${active.name}: epochs done`} />}
    </span>
  );
}
