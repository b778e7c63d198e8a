import { useState } from 'preact/hooks';
import type { ExportFormat } from '../../../data/export';
import { dataWorker } from '../../../../workers/clients';
import type { DatasetSession } from '../../state/session';
import { runTask } from '../../state/tasks';
import { Dialog } from '../../components/Dialog';
import { download } from '../../download';

export function ExportDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>('csv');
  const start = async () => {
    onClose();
    const result = await runTask(`Exporting ${session.dataset.value.name}`, (signal, onProgress) =>
      dataWorker.call('export', { datasetId: session.id, format }, { signal, onProgress }),
    );
    if (result) download(result.blob, result.fileName);
  };
  return (
    <Dialog title="Export labels" onClose={onClose}>
      <p class="hint">Every item with its id, text, fields, label, label source, labeled-at time and split. CSV cells that a spreadsheet would run as formulas are prefixed with '.</p>
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
      <div class="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" class="primary" onClick={start} data-testid="export-start">
          Export
        </button>
      </div>
    </Dialog>
  );
}
