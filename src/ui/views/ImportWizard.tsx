import { useMemo, useRef, useState } from 'preact/hooks';
import { useFocusOnMount } from '../components/focus';
import type { Preview } from '../../core/formats/preview';
import type { ClassDef } from '../../core/types';
import type { ImportMapping } from '../../data/db';
import { defaultClasses } from '../classes';
import { importFiles } from '../state/library';
import { go } from '../state/route';
import { say } from '../state/tasks';
import { controlMessage } from '../../core/formats/control-chars';
import { ClassEditor } from '../components/ClassEditor';
import { classLabelValues } from '../../core/formats/hf-card';
import type { ClassHint } from '../state/dataset-card';
import { ColumnTypesEditor } from './ColumnTypesEditor';
import { ColumnSelect } from '../components/ColumnSelect';
import type { ColumnType } from '../../core/table/infer';

const NONE = '';
/** Columns drawn in the preview table; a wide file's table would cost more than it shows. */
const PREVIEW_COLUMNS = 50;

function baseName(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}

/** Mapping step: which column is the text, the id, the label; what the classes are called. */
export function ImportWizard(props: { files: File[]; preview: Preview; classHint?: ClassHint | null; name?: string; onDone: () => void }) {
  const { preview, files } = props;
  const [name, setName] = useState(props.name ?? baseName(files[0].name));
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading);
  const [textColumn, setTextColumn] = useState(preview.suggested.text);
  /** A table has no text column: every column but the id and the label is a typed field. */
  const [asTable, setAsTable] = useState(preview.suggested.table);
  const [types, setTypes] = useState<Record<string, ColumnType>>(preview.types);
  const [idColumn, setIdColumn] = useState(preview.suggested.id ?? NONE);
  const hint = props.classHint?.names.length && preview.columns.includes(props.classHint.column) ? props.classHint : null;
  const [labelColumn, setLabelColumn] = useState(hint?.column ?? preview.suggested.label ?? NONE);
  const labelValues = useMemo(
    () => preview.profiles.find((p) => p.name === labelColumn)?.values?.filter((v) => v.value.trim() !== '') ?? null,
    [labelColumn, preview],
  );
  // A dataset card's ClassLabel names beat the raw codes (0, 1, …) the file holds.
  const [classes, setClasses] = useState<ClassDef[]>(() => defaultClasses(hint ? hint.names : labelValues ? labelValues.map((v) => v.value) : ['negative', 'positive']));
  /** Label value → class index (or -1: leave unlabeled). */
  const [valueMap, setValueMap] = useState<Record<string, number>>(() =>
    hint ? Object.fromEntries((labelValues ?? []).map((v) => [v.value, classLabelValues(hint.names)[v.value] ?? -1])) : Object.fromEntries((labelValues ?? []).map((v, i) => [v.value, i])),
  );
  /** Control characters: 'strip' once the user says so; refused otherwise (also when found past the preview). */
  const [stripControl, setStripControl] = useState(false);

  const chooseLabelColumn = (column: string) => {
    setLabelColumn(column);
    const values = preview.profiles.find((p) => p.name === column)?.values?.filter((v) => v.value.trim() !== '');
    if (values) {
      setClasses(defaultClasses(values.map((v) => v.value)));
      setValueMap(Object.fromEntries(values.map((v, i) => [v.value, i])));
    }
  };

  const problems: string[] = [];
  if (!name.trim()) problems.push('Give the dataset a name.');
  if (classes.length < 2) problems.push('Define at least two classes.');
  if (classes.some((c) => !c.name.trim())) problems.push('Every class needs a name.');
  if (new Set(classes.map((c) => c.name.trim())).size !== classes.length) problems.push('Class names must differ.');
  const keys = classes.map((c) => c.key).filter(Boolean);
  if (new Set(keys).size !== keys.length) problems.push('Each class needs its own key.');
  if (labelColumn && !labelValues) problems.push(`"${labelColumn}" has more than 50 distinct values in the first rows; it does not look like a label column.`);
  if (!asTable && labelColumn === textColumn) problems.push('The label column cannot also be the text column.');
  if (asTable && idColumn && idColumn === labelColumn) problems.push('The label column cannot also be the id column.');
  const keepColumns = preview.columns.filter((c) => (asTable || c !== textColumn) && c !== idColumn && c !== labelColumn);
  if (asTable && keepColumns.length === 0) problems.push('A table needs at least one column besides the id and the label.');
  if (preview.control && !stripControl) problems.push('Choose what to do with the control characters above.');

  const refuseControl = () => {
    say('error', controlMessage(preview.fileName, preview.control!));
    props.onDone();
  };

  const start = async () => {
    const mapping: ImportMapping = {
      format: preview.format,
      delimiter: preview.delimiter,
      jsonField: preview.jsonField,
      controlChars: stripControl ? 'strip' : 'refuse',
      textColumn: asTable ? null : textColumn,
      ...(asTable ? { columnTypes: Object.fromEntries(keepColumns.map((c) => [c, types[c]])) } : {}),
      idColumn: idColumn || null,
      labelColumn: labelColumn || null,
      // Codes of a card's ClassLabel that the preview rows did not show still map to their class.
      labelValues: labelColumn
        ? Object.fromEntries(Object.entries({ ...(hint && labelColumn === hint.column && classes.length === hint.names.length ? classLabelValues(hint.names) : {}), ...valueMap }).filter(([, k]) => k >= 0 && k < classes.length))
        : {},
      keepColumns,
    };
    props.onDone();
    const dataset = await importFiles(name.trim(), files, mapping, classes.map((c) => ({ ...c, name: c.name.trim() })));
    if (dataset) go({ name: 'dataset', id: dataset.id });
  };

  const shownColumns = preview.columns.slice(0, PREVIEW_COLUMNS);
  const hiddenColumns = preview.columns.length - shownColumns.length;

  return (
    <main class="wizard" aria-label="Import mapping">
      <h1 ref={heading} tabIndex={-1}>Import {files.length === 1 ? files[0].name : `${files.length} files`}</h1>
      <p class="hint">
        {preview.format.toUpperCase()}
        {preview.delimiter ? `, ${preview.delimiter === '\t' ? 'tab' : `"${preview.delimiter}"`}-separated` : ''} · {preview.columns.length.toLocaleString('en-US')} columns · first{' '}
        {preview.profiledRows.toLocaleString('en-US')} rows read for this preview
        {preview.jsonField ? ` · rows from the "${preview.jsonField}" array` : ''}
      </p>
      {preview.control && (
        <div class="offer" role="alert" data-testid="control-chars">
          <p>
            {preview.control.count.toLocaleString('en-US')} control character{preview.control.count === 1 ? '' : 's'} in the first rows.{' '}
            {controlMessage(preview.fileName, preview.control)}
          </p>
          {stripControl ? (
            <p class="hint">They will be stripped, here and in the rest of the file; the import notes how many.</p>
          ) : (
            <>
              <button type="button" class="primary" onClick={() => setStripControl(true)} data-testid="control-strip">Strip control characters</button>{' '}
              <button type="button" onClick={refuseControl} data-testid="control-refuse">Refuse the file</button>
            </>
          )}
        </div>
      )}
      <div class="form-grid">
        <label>
          Dataset name <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="dataset-name" />
        </label>
        <label>
          <input type="checkbox" checked={asTable} onChange={(e) => setAsTable(e.currentTarget.checked)} data-testid="as-table" /> This is a table (no text column: every column is a typed field)
        </label>
        {!asTable && <ColumnSelect label="Text column" name="text column" columns={preview.columns} value={textColumn} onChange={setTextColumn} testId="text-column" />}
        <ColumnSelect label="Id column" name="id column" columns={preview.columns} value={idColumn} onChange={setIdColumn} none="Generate ids (row number)" testId="id-column" />
        <ColumnSelect label="Label column" name="label column" columns={preview.columns} value={labelColumn} onChange={chooseLabelColumn} none="No labels in this file" testId="label-column" />
        {!preview.control && (
          <label>
            <input type="checkbox" checked={stripControl} onChange={(e) => setStripControl(e.currentTarget.checked)} data-testid="strip-control" /> Strip control characters (NUL…) if any turn up later in the file
          </label>
        )}
      </div>

      {asTable && <ColumnTypesEditor columns={keepColumns} inferred={preview.types} types={types} onChange={(c, t) => setTypes({ ...types, [c]: t })} />}

      <h2>Classes</h2>
      {hint && (
        <p class="hint" data-testid="class-hint">
          Class names from {hint.from}: the ClassLabel "{hint.column}" ({hint.names.join(', ')}).
        </p>
      )}
      <ClassEditor
        classes={classes}
        onChange={(next, removed) => {
          setClasses(next);
          if (removed !== undefined) {
            setValueMap(Object.fromEntries(Object.entries(valueMap).map(([v, k]) => [v, k === removed ? -1 : k > removed ? k - 1 : k])));
          }
        }}
      />
      {labelColumn && labelValues && (
        <table class="value-map">
          <caption>Values of "{labelColumn}" become these classes</caption>
          <thead>
            <tr><th>Value</th><th>Rows (preview)</th><th>Class</th></tr>
          </thead>
          <tbody>
            {labelValues.map((v) => (
              <tr key={v.value}>
                <td>{v.value}</td>
                <td>{v.count.toLocaleString('en-US')}</td>
                <td>
                  <select
                    value={String(valueMap[v.value] ?? -1)}
                    onChange={(e) => setValueMap({ ...valueMap, [v.value]: Number(e.currentTarget.value) })}
                    aria-label={`Class for the label value ${v.value}`}
                    data-testid={`map-${v.value}`}
                  >
                    <option value="-1">(leave unlabeled)</option>
                    {classes.map((c, k) => (
                      <option key={k} value={String(k)}>{c.name || `class ${k + 1}`}</option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Preview</h2>
      <div class="preview-scroll" tabIndex={0} role="region" aria-label="Preview of the first rows">
        <table class="preview">
          <thead>
            <tr>
              {shownColumns.map((c) => <th key={c} class={!asTable && c === textColumn ? 'is-text' : ''}>{c}</th>)}
              {hiddenColumns > 0 && <th>+{hiddenColumns.toLocaleString('en-US')} more</th>}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              <tr key={r}>{row.slice(0, shownColumns.length).map((cell, c) => <td key={c}>{cell.length > 200 ? `${cell.slice(0, 200)}…` : cell}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>

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

