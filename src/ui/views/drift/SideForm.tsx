import type { DriftSide, ItemSet, LabelsFrom } from '../../../core/drift/item-sets';

export interface LabelChoices {
  snapshots: { id: string; name: string }[];
  runs: { id: string; name: string }[];
}

const itemsValue = (set: ItemSet) => (set.kind === 'split' ? `split:${set.split}` : set.kind === 'import' ? `import:${set.batch}` : set.kind);
const labelsValue = (from: LabelsFrom) => (from.kind === 'current' ? 'current' : `${from.kind}:${from.id}`);

/** One side of a drift comparison: which items (all, a split, a date range) and whose labels (now, a snapshot, a label-model run). */
export function SideForm({ title, prefix, side, dateFields, importBatches, choices, onChange }: {
  title: string;
  prefix: string;
  side: DriftSide;
  dateFields: { field: string; first: string; last: string }[];
  /** Import batches beyond the first (rows added later): with them, each batch is a set of its own. */
  importBatches: { number: number; count: number; files: string }[];
  choices: LabelChoices;
  onChange: (side: DriftSide) => void;
}) {
  const setItems = (value: string) => {
    if (value === 'dates') {
      const first = dateFields[0];
      onChange({ ...side, items: { kind: 'dates', field: first?.field ?? '', from: null, to: null } });
    } else if (value.startsWith('import:')) onChange({ ...side, items: { kind: 'import', batch: Number(value.slice(7)) } });
    else if (value.startsWith('split:')) onChange({ ...side, items: { kind: 'split', split: value.slice(6) as 'train' | 'dev' | 'canary' } });
    else onChange({ ...side, items: { kind: 'all' } });
  };
  const setLabels = (value: string) => {
    if (value === 'current') return onChange({ ...side, labels: { kind: 'current' } });
    const [kind, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    const list = kind === 'snapshot' ? choices.snapshots : choices.runs;
    const name = list.find((c) => c.id === id)?.name ?? id;
    onChange({ ...side, labels: kind === 'snapshot' ? { kind: 'snapshot', id, name } : { kind: 'run', id, name } });
  };
  const dates = side.items.kind === 'dates' ? side.items : null;
  const span = dates && dateFields.find((d) => d.field === dates.field);
  return (
    <fieldset class="drift-side">
      <legend>{title}</legend>
      <label>
        Items{' '}
        <select value={itemsValue(side.items)} onChange={(e) => setItems(e.currentTarget.value)} data-testid={`${prefix}-items`}>
          <option value="all">All items</option>
          <option value="split:train">Train split (pool)</option>
          <option value="split:dev">Dev split</option>
          <option value="split:canary">Canary split</option>
          {importBatches.length > 0 && <option value="import:1">Import batch 1 (the first import)</option>}
          {importBatches.map((b) => <option key={b.number} value={`import:${b.number}`}>Import batch {b.number} ({b.count.toLocaleString('en-US')} rows from {b.files})</option>)}
          <option value="dates" disabled={dateFields.length === 0}>A date range{dateFields.length === 0 ? ' (no date field)' : ''}</option>
        </select>
      </label>
      {dates && (
        <>
          <label>
            Date field{' '}
            <select value={dates.field} onChange={(e) => onChange({ ...side, items: { ...dates, field: e.currentTarget.value } })} data-testid={`${prefix}-date-field`}>
              {dateFields.map((d) => <option key={d.field} value={d.field}>{d.field}</option>)}
            </select>
          </label>
          <label>
            From (YYYY-MM-DD, included){' '}
            <input type="text" size={12} value={dates.from ?? ''} placeholder={span?.first ?? ''} onInput={(e) => onChange({ ...side, items: { ...dates, from: e.currentTarget.value.trim() || null } })} data-testid={`${prefix}-from`} />
          </label>
          <label>
            Before (YYYY-MM-DD, excluded){' '}
            <input type="text" size={12} value={dates.to ?? ''} placeholder={span?.last ?? ''} onInput={(e) => onChange({ ...side, items: { ...dates, to: e.currentTarget.value.trim() || null } })} data-testid={`${prefix}-to`} />
          </label>
          {span && <span class="hint">Dates run from {span.first} to {span.last}.</span>}
        </>
      )}
      <label>
        Labels{' '}
        <select value={labelsValue(side.labels)} onChange={(e) => setLabels(e.currentTarget.value)} data-testid={`${prefix}-labels`}>
          <option value="current">Current labels and label model</option>
          {choices.snapshots.map((s) => <option key={s.id} value={`snapshot:${s.id}`}>Snapshot "{s.name}"</option>)}
          {choices.runs.map((r) => <option key={r.id} value={`run:${r.id}`}>Label-model run {r.name}</option>)}
        </select>
      </label>
    </fieldset>
  );
}
