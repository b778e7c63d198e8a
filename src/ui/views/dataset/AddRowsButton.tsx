import { useRef } from 'preact/hooks';
import { appendRows } from '../../state/append';
import type { DatasetSession } from '../../state/session';

/** "Add rows…": a later file with the dataset's columns becomes its next import batch (drift can compare batches). */
export function AddRowsButton({ session }: { session: DatasetSession }) {
  const input = useRef<HTMLInputElement>(null);
  const mapping = session.dataset.value.mapping;
  if (mapping.format === 'images') return null;
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Add the rows of a later file with the same columns as a new import batch" data-testid="add-rows">Add rows…</button>
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,.parquet"
        aria-label="Files of rows to add"
        data-testid="add-rows-file"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          if (files.length) void appendRows(session, files);
        }}
      />
    </>
  );
}
