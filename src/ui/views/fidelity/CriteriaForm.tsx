import { useState } from 'preact/hooks';
import type { DatasetSession } from '../../state/session';
import { criteriaOf, saveCriteria } from '../../state/synthetic';

const parse = (text: string) => (text.trim() === '' ? null : Number(text));

/** The acceptance criteria a batch must meet to enter training (empty field = no limit). */
export function CriteriaForm({ session }: { session: DatasetSession }) {
  const criteria = criteriaOf(session.dataset.value);
  const [quality, setQuality] = useState(criteria.minQuality === null ? '' : String(criteria.minQuality));
  const [auc, setAuc] = useState(criteria.maxDetectionAuc === null ? '' : String(criteria.maxDetectionAuc));
  const save = (e: Event) => {
    e.preventDefault();
    void saveCriteria(session, { minQuality: parse(quality), maxDetectionAuc: parse(auc) });
  };
  return (
    <form class="actions left" onSubmit={save} aria-label="Acceptance criteria" data-testid="criteria-form">
      <strong>A batch enters training when</strong>
      <label>quality ≥ <input type="text" inputMode="decimal" value={quality} onInput={(e) => setQuality(e.currentTarget.value)} style={{ width: '4em' }} data-testid="criteria-quality" /></label>
      <label>and detection AUC ≤ <input type="text" inputMode="decimal" value={auc} onInput={(e) => setAuc(e.currentTarget.value)} style={{ width: '4em' }} data-testid="criteria-auc" /></label>
      <button type="submit" data-testid="criteria-save">Save criteria</button>
    </form>
  );
}
