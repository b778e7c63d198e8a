import { useEffect, useState } from 'preact/hooks';
import type { Dataset } from '../../data/db';
import { dataWorker } from '../../../workers/clients';
import type { Preview } from '../../core/formats/preview';
import { datasets, importFiles, importing, loaded, refreshDatasets, removeDataset, resumeImport } from '../state/library';
import { go } from '../state/route';
import { runTask, say, tasks } from '../state/tasks';
import { DIGITS_CLASSES, DIGITS_MAPPING, fetchDigitsSample, fetchSampleFiles, fetchWineSample, SAMPLE_CLASSES, SAMPLE_MAPPING, WINE_CLASSES, WINE_MAPPING } from '../sample';
import { importSiftExport, isImageFile, isSiftExport } from '../state/library';
import { ImageImportWizard } from './ImageImportWizard';
import { ImportWizard } from './ImportWizard';
import { FileDrop } from '../components/FileDrop';
import { SiftError } from '../../core/errors';
import { tryWrenchSample, WrenchImport } from './WrenchImport';
import { separateDatasetCard, type CardSplit } from '../state/dataset-card';

/** Opens ZIP archives among the chosen files (in the worker, with its limits); undefined on failure. */
async function openArchives(files: File[]): Promise<File[] | undefined> {
  const expanded = await runTask(`Opening ${files.length === 1 ? files[0].name : `${files.length} files`}`, (signal) => dataWorker.call('expand', { files }, { signal }));
  for (const notice of expanded?.notices ?? []) say('info', notice);
  return expanded?.files;
}

/** A JSON file holding one object with one array field: the user may import that array. */
interface JsonOffer {
  files: File[];
  field: string;
  message: string;
}

function Interrupted({ dataset }: { dataset: Dataset }) {
  const onResume = async (chosen: File[]) => {
    const files = await openArchives(chosen);
    if (!files) return;
    const done = await resumeImport(dataset, files);
    if (done) go({ name: 'dataset', id: done.id });
  };
  return (
    <li class="interrupted" data-testid="interrupted-import">
      <div>
        <strong>{dataset.name}</strong>: import interrupted after {dataset.committedRows.toLocaleString('en-US')} rows
        ({dataset.files.map((f) => f.name).join(', ')}).
      </div>
      <FileDrop label="Resume: choose the same file(s)" multiple onFiles={onResume} testId="resume-input" />
      <button type="button" onClick={() => removeDataset(dataset.id)}>Discard</button>
    </li>
  );
}

export function Home() {
  const [pending, setPending] = useState<{ files: File[]; preview: Preview; card?: CardSplit } | null>(null);
  const [pendingImages, setPendingImages] = useState<File[] | null>(null);
  const [jsonOffer, setJsonOffer] = useState<JsonOffer | null>(null);
  const ready = datasets.value.filter((d) => d.status === 'ready');
  const interrupted = datasets.value.filter((d) => d.status === 'importing' && !importing.value.has(d.id));
  const inProgress = datasets.value.filter((d) => d.status === 'importing' && importing.value.has(d.id));
  const busy = tasks.value.length > 0;
  useEffect(() => {
    refreshDatasets();
  }, []);

  const readPreview = async (files: File[], jsonField?: string, card?: CardSplit) => {
    setJsonOffer(null);
    const preview = await runTask(`Reading ${files[0].name}`, async (signal) => {
      try {
        return await dataWorker.call('preview', { file: files[0], jsonField }, { signal });
      } catch (error) {
        if (error instanceof SiftError && error.code === 'json-object-with-array') {
          setJsonOffer({ files, field: String(error.details.field), message: error.message });
          return undefined;
        }
        throw error;
      }
    });
    if (preview) setPending({ files, preview, card });
  };

  const onFiles = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    const expanded = await openArchives(chosen);
    if (!expanded || expanded.length === 0) return;
    // A dataset card decides first: Sift's own Hugging Face export carries Sift lineage in its Parquet files too.
    let card: CardSplit;
    try {
      card = await separateDatasetCard(expanded);
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
      return;
    }
    if (!card.isCard && (await isSiftExport(card.files))) {
      const dataset = await importSiftExport(card.files);
      if (dataset) go({ name: 'dataset', id: dataset.id });
      return;
    }
    const files = card.files;
    if (files.length === 0) {
      say('error', 'Only a README.md was chosen: there is no data file (CSV, JSON Lines, Parquet or images) to import.');
      return;
    }
    if (card.isCard) {
      await readPreview(files, undefined, card);
      return;
    }
    if (files.some((f) => isImageFile(f))) {
      setPendingImages(files);
      return;
    }
    await readPreview(files);
  };

  const trySample = async () => {
    try {
      const files = await fetchSampleFiles();
      const dataset = await importFiles('YouTube spam (sample)', files, SAMPLE_MAPPING, SAMPLE_CLASSES);
      if (dataset) go({ name: 'dataset', id: dataset.id });
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  };

  const tryDigits = async () => {
    try {
      const files = await fetchDigitsSample();
      const dataset = await importFiles('MNIST digits (sample)', files, DIGITS_MAPPING, DIGITS_CLASSES);
      if (dataset) go({ name: 'dataset', id: dataset.id });
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  };

  const tryWine = async () => {
    try {
      const dataset = await importFiles('Wine (table sample)', await fetchWineSample(), WINE_MAPPING, WINE_CLASSES);
      if (dataset) go({ name: 'dataset', id: dataset.id });
    } catch (error) {
      say('error', error instanceof Error ? error.message : String(error));
    }
  };

  if (pendingImages) return <ImageImportWizard files={pendingImages} onDone={() => setPendingImages(null)} />;
  if (pending) return <ImportWizard files={pending.files} preview={pending.preview} classHint={pending.card?.hint ?? null} name={pending.card?.name ?? undefined} onDone={() => setPending(null)} />;

  return (
    <main class="home">
      <section class="hero">
        <h1>Sift</h1>
        <p>Label private data in your browser. Nothing leaves this machine.</p>
        <p class="loop-intro" data-testid="loop-intro">
          Import your items and label a small canary set by hand: it only ever measures, never trains. Then let cheap, noisy sources vote
          (keyword and pattern rules, teacher models), and a label model combines their votes into probabilistic labels for every item.
          Review where they disagree, train a small student on the result, check it on the canary, and export the labels with their lineage.
        </p>
        <section class="samples" aria-labelledby="samples-heading" data-testid="samples">
          <h2 id="samples-heading">Start from a sample</h2>
          <div class="start" data-kind="text">
            <strong class="sample-kind">Text</strong>
            <button type="button" class="primary" onClick={trySample} disabled={busy}>
              Try the sample
            </button>
            <span class="hint">1,956 YouTube comments labeled spam or ham (UCI, CC BY 4.0)</span>
          </div>
          <div class="start" data-kind="text">
            <strong class="sample-kind">Text</strong>
            <button type="button" onClick={tryWrenchSample} disabled={busy} data-testid="try-wrench">
              Try the WRENCH sample
            </button>
            <span class="hint">the same comments with the votes of 10 labeling functions (WRENCH youtube): weak supervision from the start</span>
          </div>
          <div class="start" data-kind="images">
            <strong class="sample-kind">Images</strong>
            <button type="button" onClick={tryDigits} disabled={busy}>
              Try the digits sample
            </button>
            <span class="hint">2,000 MNIST digits (CC BY-SA 3.0)</span>
          </div>
          <div class="start" data-kind="table" data-testid="sample-table">
            <strong class="sample-kind">Table</strong>
            <button type="button" onClick={tryWine} disabled={busy} data-testid="try-table">
              Try the table sample
            </button>
            <span class="hint">178 wines: 13 chemical measurements and the cultivar (UCI Wine, CC BY 4.0)</span>
          </div>
        </section>
        <FileDrop label="Import CSV, TSV, JSON, JSONL or Parquet, images (PNG, JPEG, WebP) with an optional labels CSV, a ZIP of these, a Hugging Face dataset folder (README.md card with its data files), or a Sift export (with its .lineage.json, or Parquet)" multiple onFiles={onFiles} testId="import-input" disabled={busy} accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.zip,image/png,image/jpeg,image/webp,image/gif" />
        {jsonOffer && (
          <div class="offer" role="alert" data-testid="json-offer">
            <p>{jsonOffer.message}</p>
            <button type="button" class="primary" onClick={() => readPreview(jsonOffer.files, jsonOffer.field)} data-testid="json-offer-accept">
              Import the "{jsonOffer.field}" array
            </button>{' '}
            <button type="button" onClick={() => setJsonOffer(null)}>Cancel</button>
          </div>
        )}
        <FileDrop label="Import a folder of images" directory onFiles={onFiles} testId="folder-input" disabled={busy} />
        <WrenchImport disabled={busy} />
      </section>

      {inProgress.length > 0 && (
        <section>
          <h2>Importing now</h2>
          <ul class="plain">
            {inProgress.map((d) => (
              <li key={d.id} data-testid="running-import">
                <strong>{d.name}</strong>: {d.committedRows.toLocaleString('en-US')} rows so far{' '}
                <button type="button" class="link" onClick={() => refreshDatasets()}>Refresh</button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {interrupted.length > 0 && (
        <section>
          <h2>Interrupted imports</h2>
          <ul class="plain">
            {interrupted.map((d) => (
              <Interrupted key={d.id} dataset={d} />
            ))}
          </ul>
        </section>
      )}

      <section>
        <h2>Datasets</h2>
        {loaded.value && ready.length === 0 && <p class="hint">No datasets yet.</p>}
        <ul class="plain datasets" data-testid="datasets">
          {ready.map((d) => (
            <li key={d.id}>
              <a href={`#/d/${encodeURIComponent(d.id)}`}>{d.name}</a>
              <span class="hint"> {d.itemCount.toLocaleString('en-US')} items · {d.classes.map((c) => c.name).join(', ')}</span>
              <button
                type="button"
                class="link danger"
                onClick={() => confirm(`Delete "${d.name}" and all its labels? This cannot be undone.`) && removeDataset(d.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
