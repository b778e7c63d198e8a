import { useEffect, useState } from 'preact/hooks';
import type { GateCriteria } from '../../../core/snapshot/gate';
import { describeSide } from '../../../core/drift/item-sets';
import type { GateRecord } from '../../../data/db';
import { pct, when } from './describe';

const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const value = (s: string) => (s.trim() === '' ? null : Number(s));

/** Acceptance criteria on the canary set, checked by every export (empty fields are not checked). */
export function GateForm({ gate, classes, onSave }: { gate: GateRecord | null; classes: string[]; onSave: (criteria: GateCriteria) => void }) {
  const [fields, setFields] = useState({ minAccuracy: '', minMacroF1: '', maxEce: '', maxDrop: '' });
  const [perClass, setPerClass] = useState<string[]>(() => classes.map(() => ''));
  const [keepDrift, setKeepDrift] = useState(true);
  const noDrift = gate?.criteria.noDrift ?? null;
  useEffect(() => {
    const c = gate?.criteria ?? {};
    setKeepDrift(true);
    setFields({ minAccuracy: text(c.minAccuracy), minMacroF1: text(c.minMacroF1), maxEce: text(c.maxEce), maxDrop: text(c.maxDrop) });
    setPerClass(classes.map((_, i) => text(c.minClassF1?.[i])));
  }, [gate]);
  const field = (key: keyof typeof fields, label: string) => (
    <label>
      {label}{' '}
      <input type="number" min={0} max={1} step="0.01" value={fields[key]} onInput={(e) => setFields({ ...fields, [key]: e.currentTarget.value })} data-testid={`gate-${key}`} />
    </label>
  );
  const save = (e: Event) => {
    e.preventDefault();
    const minClassF1 = perClass.map(value);
    onSave({ minAccuracy: value(fields.minAccuracy), minMacroF1: value(fields.minMacroF1), maxEce: value(fields.maxEce), maxDrop: value(fields.maxDrop), minClassF1: minClassF1.some((v) => v !== null) ? minClassF1 : null, noDrift: keepDrift ? noDrift : null });
  };
  return (
    <form class="gate" onSubmit={save} aria-label="Canary gate">
      <h3>Canary gate</h3>
      <p class="hint">
        Exports are refused unless the label model's output meets these on the canary set (values from 0 to 1; empty means not checked). You can still export
        with an explicit override, which the export's lineage records.
      </p>
      <div class="gate-fields">
        {field('minAccuracy', 'Minimum accuracy')}
        {field('minMacroF1', 'Minimum macro-F1')}
        {field('maxEce', 'Maximum ECE')}
        {field('maxDrop', 'Maximum drop vs last accepted')}
        {classes.map((name, c) => (
          <label key={name}>
            Minimum F1 of {name}{' '}
            <input type="number" min={0} max={1} step="0.01" value={perClass[c]} onInput={(e) => setPerClass(perClass.map((v, i) => (i === c ? e.currentTarget.value : v)))} data-testid={`gate-class-${c}`} />
          </label>
        ))}
      </div>
      {noDrift ? (
        <label class="checkbox">
          <input type="checkbox" checked={keepDrift} onChange={(e) => setKeepDrift(e.currentTarget.checked)} data-testid="gate-nodrift" /> No dataset drift of{' '}
          {describeSide(noDrift.current)} against {describeSide(noDrift.reference)}
        </label>
      ) : (
        <p class="hint">To refuse exports when the data drifts, compare two sets in the Drift tab and choose "Use as gate criterion".</p>
      )}
      <p class="hint" data-testid="gate-accepted">
        {gate?.accepted
          ? `Last accepted: "${gate.accepted.name}" (${when(gate.accepted.at)}), canary accuracy ${pct(gate.accepted.metrics.accuracy)}, macro-F1 ${pct(gate.accepted.metrics.macroF1)}.`
          : 'No export has been accepted yet.'}
      </p>
      <div class="actions left">
        <button type="submit" data-testid="gate-save">Save gate</button>
      </div>
    </form>
  );
}
