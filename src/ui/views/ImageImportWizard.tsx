import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useFocusOnMount } from '../components/focus';
import type { Preview } from '../../core/formats/preview';
import type { ClassDef } from '../../core/types';
import type { ImageMapping } from '../../data/db';
import { dataWorker } from '../../../workers/clients';
import { defaultClasses } from '../classes';
import { importFiles, isImageFile, relativePath } from '../state/library';
import { go } from '../state/route';
import { runTask } from '../state/tasks';
import { ClassEditor } from '../components/ClassEditor';

const FILE_NAMES = /^(file|filename|file_name|path|image|img|name)$/i;
const LABEL_NAMES = /^(label|class|category|target|y|digit)$/i;

/** Image import: how many images, and (if a CSV came with them) which columns give file and label. */
export function ImageImportWizard(props: { files: File[]; onDone: () => void }) {
  const images = useMemo(() => props.files.filter((f) => isImageFile(f)), [props.files]);
  const labelsFile = useMemo(() => props.files.find((f) => /\.(csv|tsv)$/i.test(f.name)) ?? null, [props.files]);
  const folder = relativePath(props.files[0]).split('/')[0];
  const [name, setName] = useState(folder && folder !== props.files[0].name ? folder : 'images');
  const [preview, setPreview] = useState<Preview | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading);
  const [fileColumn, setFileColumn] = useState('');
  const [labelColumn, setLabelColumn] = useState('');
  const [classes, setClasses] = useState<ClassDef[]>(defaultClasses(['class 1', 'class 2']));
  const [valueMap, setValueMap] = useState<Record<string, number>>({});

  const chooseLabelColumn = (column: string, from: Preview) => {
    setLabelColumn(column);
    const values = from.profiles.find((p) => p.name === column)?.values?.filter((v) => v.value.trim() !== '') ?? [];
    if (values.length >= 2) {
      setClasses(defaultClasses(values.map((v) => v.value)));
      setValueMap(Object.fromEntries(values.map((v, i) => [v.value, i])));
    }
  };

  useEffect(() => {
    if (!labelsFile) return;
    runTask(`Reading ${labelsFile.name}`, (signal) => dataWorker.call('preview', { file: labelsFile }, { signal })).then((p) => {
      if (!p) return;
      setPreview(p);
      setFileColumn(p.columns.find((c) => FILE_NAMES.test(c)) ?? p.columns[0]);
      chooseLabelColumn(p.columns.find((c) => LABEL_NAMES.test(c)) ?? p.columns[p.columns.length - 1], p);
    });
  }, [labelsFile]);

  const problems: string[] = [];
  if (images.length === 0) problems.push('None of the chosen files is a PNG, JPEG, WebP or GIF image.');
  if (classes.length < 2) problems.push('Define at least two classes.');
  if (new Set(classes.map((c) => c.name.trim())).size !== classes.length || classes.some((c) => !c.name.trim())) problems.push('Classes need distinct names.');

  const start = async () => {
    const mapping: ImageMapping = {
      format: 'images',
      labelsFile: labelsFile && preview ? relativePath(labelsFile) : null,
      fileColumn: preview ? fileColumn : null,
      labelColumn: preview ? labelColumn : null,
      labelValues: Object.fromEntries(Object.entries(valueMap).filter(([, k]) => k >= 0 && k < classes.length)),
    };
    props.onDone();
    const dataset = await importFiles(name.trim() || 'images', props.files, mapping, classes);
    if (dataset) go({ name: 'dataset', id: dataset.id });
  };

  const mb = images.reduce((s, f) => s + f.size, 0) / 1048576;
  return (
    <main class="wizard" aria-label="Image import">
      <h1 ref={heading} tabIndex={-1}>Import {images.length.toLocaleString('en-US')} images</h1>
      <p class="hint" data-testid="image-summary">
        {images.length.toLocaleString('en-US')} images, {mb.toFixed(1)} MB{labelsFile ? ` · labels from ${labelsFile.name}` : ' · no labels file (add a CSV with file names and labels to the selection to import labels)'}
      </p>
      <div class="form-grid">
        <label>
          Dataset name <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="dataset-name" />
        </label>
        {preview && (
          <>
            <label>
              File name column{' '}
              <select value={fileColumn} onChange={(e) => setFileColumn(e.currentTarget.value)} data-testid="file-column">
                {preview.columns.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
            <label>
              Label column{' '}
              <select value={labelColumn} onChange={(e) => chooseLabelColumn(e.currentTarget.value, preview)} data-testid="label-column">
                {preview.columns.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          </>
        )}
      </div>
      <h2>Classes</h2>
      <ClassEditor classes={classes} onChange={(next) => setClasses(next)} />
      {problems.length > 0 && (
        <ul class="problems" role="alert">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
      <div class="actions">
        <button type="button" onClick={props.onDone}>Cancel</button>
        <button type="button" class="primary" disabled={problems.length > 0} onClick={start} data-testid="start-import">
          Import
        </button>
      </div>
    </main>
  );
}
