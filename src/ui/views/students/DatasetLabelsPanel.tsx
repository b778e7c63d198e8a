import { useLive } from '../../hooks/live';
import { pinChoices, setLabelsPin, type LabelsPin } from '../../state/dataset-labels';
import type { DatasetSession } from '../../state/session';

const keyOf = (pin: LabelsPin | null | undefined) => (pin ? JSON.stringify(pin) : '');

/** Which run supplies the dataset's labels (exports, the item list, Curate), why, and a pin to override dev's choice. */
export function DatasetLabelsPanel({ session }: { session: DatasetSession }) {
  const choices = useLive(() => pinChoices(session.id), [session.id], []);
  const from = session.prediction.value?.from;
  const pin = session.dataset.value.labelsPin;
  return (
    <section class="dataset-labels" aria-label="Dataset labels" data-testid="dataset-labels">
      <h2>The dataset's labels</h2>
      <p class={from?.kind === 'student' ? 'hint' : ''} data-testid="dataset-labels-reason">
        {from ? from.reason : 'No label model or student yet: exports carry human labels and source votes only.'}
      </p>
      <label>
        Labels come from{' '}
        <select
          value={keyOf(pin)}
          onChange={(e) => void setLabelsPin(session, e.currentTarget.value ? (JSON.parse(e.currentTarget.value) as LabelsPin) : null)}
          data-testid="dataset-labels-pin"
        >
          <option value="">Decided on dev: a student that beats the newest label model, else that label model</option>
          {choices.map((c) => <option key={keyOf(c.pin)} value={keyOf(c.pin)}>Pinned: {c.label}</option>)}
        </select>
      </label>
    </section>
  );
}
