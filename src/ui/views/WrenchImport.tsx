import { useEffect, useRef } from 'preact/hooks';
import type { Dataset } from '../../data/db';
import { dataWorker } from '../../../workers/clients';
import { newDatasetId, refreshDatasets } from '../state/library';
import { go } from '../state/route';
import { runTask, say } from '../state/tasks';

const WRENCH_FILES = ['label.json', 'train.json', 'valid.json', 'test.json', 'readme.txt'];

/** Imports a WRENCH folder (or its files) in the data worker and opens the new dataset. */
export async function importWrenchFiles(name: string, files: File[]): Promise<Dataset | undefined> {
  const datasetId = newDatasetId();
  const dataset = await runTask(`Importing WRENCH ${name}`, (signal, onProgress) => dataWorker.call('importWrench', { datasetId, name, files }, { signal, onProgress }));
  await refreshDatasets();
  if (dataset) go({ name: 'dataset', id: dataset.id });
  return dataset;
}

/** The WRENCH youtube sample, served from this app's own origin (public/sample/wrench_youtube). */
export async function tryWrenchSample(): Promise<void> {
  try {
    const files = await Promise.all(
      WRENCH_FILES.map(async (file) => {
        const response = await fetch(`${import.meta.env.BASE_URL}sample/wrench_youtube/${file}`);
        if (!response.ok) throw new Error(`The sample file ${file} could not be loaded (${response.status}).`);
        return new File([await response.blob()], file);
      }),
    );
    await importWrenchFiles('youtube (WRENCH sample)', files);
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
}

function folderName(files: File[]): string {
  const path = (files[0] as File & { webkitRelativePath?: string })?.webkitRelativePath ?? '';
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : 'WRENCH dataset';
}

/** A folder picker (webkitdirectory) and a plain multi-file picker for label.json + the three splits. */
export function WrenchImport({ disabled }: { disabled: boolean }) {
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in Preact's attribute types; set as a property.
    if (folder.current) (folder.current as HTMLInputElement & { webkitdirectory: boolean }).webkitdirectory = true;
  }, []);
  const onPick = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length > 0) importWrenchFiles(folderName(files), files);
  };
  return (
    <div class="wrench-import" data-testid="wrench-import">
      <strong>Weak supervision set (WRENCH)</strong>
      <span class="hint"> label.json, train.json, valid.json, test.json: train becomes the unlabeled pool, valid the dev set, test the canary; each weak_labels column a source.</span>
      <div class="form-row">
        <label>
          Folder <input ref={folder} type="file" disabled={disabled} onChange={(e) => onPick(e.currentTarget)} data-testid="wrench-folder" />
        </label>
        <label>
          or files <input type="file" multiple accept=".json,.txt" disabled={disabled} onChange={(e) => onPick(e.currentTarget)} data-testid="wrench-files" />
        </label>
      </div>
    </div>
  );
}
