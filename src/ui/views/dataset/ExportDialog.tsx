import { useState } from 'preact/hooks';
import { SiftError } from '../../../core/errors';
import type { ExportFormat, ExportResult, GateOverride } from '../../../data/export';
import { exportChoices, type ExportChoice, type ExportTarget } from '../../state/results';
import { useLive } from '../../hooks/live';
import { dataWorker } from '../../../../workers/clients';
import type { DatasetSession } from '../../state/session';
import { runTask } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';
import { download } from '../../download';
import { savedSelections } from '../../state/selections';

/** A selection exports only its members with their weights; these formats carry no columns of ours. */
const NO_SELECTION: ExportFormat[] = ['label-studio', 'hf'];

const keyOf = (target: ExportTarget) => JSON.stringify(target);

export function ExportDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [withLineage, setWithLineage] = useState(true);
  const [refused, setRefused] = useState<string[] | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState(false);
  // Other tabs and workers add runs, students and snapshots: the list follows the store.
  const choices = useLive<ExportChoice[]>(() => exportChoices(session.id), [session.id], []);
  // Chosen by key, not position: a snapshot taken meanwhile (a refused export takes one) shifts the list.
  const [chosen, setChosen] = useState(keyOf({ kind: 'labels' }));
  const selections = useLive(() => savedSelections(session.id), [session.id], [] as string[]);
  const [selection, setSelection] = useState('');
  const only = selections.includes(selection) ? selection : undefined;
  const target = choices.find((c) => keyOf(c.target) === chosen)?.target ?? { kind: 'labels' as const };
  const start = async (override?: GateOverride) => {
    setBusy(true);
    // A gate refusal stays in this dialog with its reasons; the user may override it explicitly.
    const outcome = await runTask(`Exporting ${session.dataset.value.name}`, async (signal, onProgress): Promise<ExportResult | { refused: string[] }> => {
      try {
        return await dataWorker.call('export', { datasetId: session.id, format, override, target, selection: only }, { signal, onProgress });
      } catch (error) {
        if (error instanceof SiftError && error.code === 'gate-refused') return { refused: error.details.reasons as string[] };
        throw error;
      }
    });
    setBusy(false);
    if (!outcome) return;
    if ('refused' in outcome) {
      setRefused(outcome.refused);
      return;
    }
    onClose();
    const result = outcome;
    download(result.blob, result.fileName);
    if (withLineage) download(new Blob([JSON.stringify(result.lineage, null, 2)], { type: 'application/json' }), result.fileName.replace(/\.\w+$/, '.lineage.json'));
  };
  return (
    <Dialog title="Export labels" onClose={onClose}>
      <p class="hint">
        Every item with its id, text, fields, human label, label source, labeled-at time, split and each source's vote, plus the chosen result's
        label, confidence and per-class probabilities with its run id. A snapshot is written as it was frozen. CSV cells that a spreadsheet
        would run as formulas are prefixed with '. A selection's export holds only its members, each with its selection_weight and selection_label.
      </p>
      <label>
        Result{' '}
        <select
          value={chosen}
          onChange={(e) => {
            setChosen(e.currentTarget.value);
            setRefused(null);
          }}
          data-testid="export-result"
        >
          {choices.map((choice) => <option key={keyOf(choice.target)} value={keyOf(choice.target)}>{choice.label}</option>)}
        </select>
      </label>
      {selections.length > 0 && (
        <label>
          Rows{' '}
          <select
            value={only ?? ''}
            onChange={(e) => {
              setSelection(e.currentTarget.value);
              if (e.currentTarget.value && NO_SELECTION.includes(format)) setFormat('csv');
            }}
            data-testid="export-selection"
          >
            <option value="">every item</option>
            {selections.map((name) => <option key={name} value={name}>members of selection “{name}”, with its weights</option>)}
          </select>
        </label>
      )}
      <fieldset>
        <label>
          <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV
        </label>
        <label>
          <input type="radio" name="format" checked={format === 'jsonl'} onChange={() => setFormat('jsonl')} data-testid="export-jsonl" /> JSONL
        </label>
        <label>
          <input type="radio" name="format" checked={format === 'parquet'} onChange={() => setFormat('parquet')} data-testid="export-parquet" /> Parquet
        </label>
        <label>
          <input type="radio" name="format" checked={format === 'label-studio'} disabled={only !== undefined} onChange={() => setFormat('label-studio')} data-testid="export-label-studio" /> Label Studio
          JSON (human labels as annotations, the result as predictions)
        </label>
        <label>
          <input type="radio" name="format" checked={format === 'hf'} disabled={only !== undefined} onChange={() => setFormat('hf')} data-testid="export-hf" /> Hugging Face dataset (ZIP: a
          README.md card with the class names, Parquet per split)
        </label>
      </fieldset>
      <label>
        <input type="checkbox" checked={withLineage} onChange={(e) => setWithLineage(e.currentTarget.checked)} data-testid="export-lineage" /> Also save the
        lineage (which sources, versions and run made the labels) as JSON
      </label>
      {refused && (
        <div role="alert" data-testid="gate-refused">
          <p>The canary gate refuses this export:</p>
          <ul>{refused.map((reason) => <li key={reason}>{reason}</li>)}</ul>
          <label>
            Export anyway, because{' '}
            <input type="text" value={overrideReason} onInput={(e) => setOverrideReason(e.currentTarget.value)} placeholder="reason (kept in the lineage)" data-testid="gate-override-reason" />
          </label>
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        {refused ? (
          <button type="button" class="primary" disabled={busy || overrideReason.trim() === ''} onClick={() => start({ reason: overrideReason.trim() })} data-testid="gate-override">
            Override the gate and export
          </button>
        ) : (
          <button type="button" class="primary" disabled={busy} onClick={() => start()} data-testid="export-start">
            Export
          </button>
        )}
      </div>
    </Dialog>
  );
}
