import { useState } from 'preact/hooks';
import type { ExportFormat } from '../../../data/export';
import { dataWorker } from '../../../../workers/clients';
import type { DatasetSession } from '../../state/session';
import { runTask } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';
import { download } from '../../download';

export function ExportDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [withLineage, setWithLineage] = useState(true);
  const start = async () => {
    onClose();
    const result = await runTask(`Exporting ${session.dataset.value.name}`, (signal, onProgress) =>
      dataWorker.call('export', { datasetId: session.id, format }, { signal, onProgress }),
    );
    if (!result) return;
    download(result.blob, result.fileName);
    if (withLineage) download(new Blob([JSON.stringify(result.lineage, null, 2)], { type: 'application/json' }), result.fileName.replace(/\.\w+$/, '.lineage.json'));
  };
  return (
    <Dialog title="Export labels" onClose={onClose}>
      <p class="hint">
        Every item with its id, text, fields, human label, label source, labeled-at time and split, plus the newest label model's label,
        confidence and per-class probabilities with its run id. CSV cells that a spreadsheet would run as formulas are prefixed with '.
      </p>
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
      </fieldset>
      <label>
        <input type="checkbox" checked={withLineage} onChange={(e) => setWithLineage(e.currentTarget.checked)} data-testid="export-lineage" /> Also save the
        lineage (which sources, versions and run made the labels) as JSON
      </label>
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" onClick={start} data-testid="export-start">
          Export
        </button>
      </div>
    </Dialog>
  );
}
