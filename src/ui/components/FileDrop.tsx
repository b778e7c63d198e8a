import { useState } from 'preact/hooks';

/** A file picker that also accepts files dropped on it. */
export function FileDrop(props: { label: string; multiple?: boolean; directory?: boolean; accept?: string; disabled?: boolean; testId: string; onFiles: (files: File[]) => void }) {
  const [over, setOver] = useState(false);
  return (
    <label
      class={`drop ${over ? 'over' : ''}`}
      data-testid={`${props.testId}-zone`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!props.disabled) props.onFiles(Array.from(e.dataTransfer?.files ?? []));
      }}
    >
      <span>{props.label}</span>
      <span class="hint"> (choose or drop files)</span>
      <input
        type="file"
        data-testid={props.testId}
        multiple={props.multiple || props.directory}
        {...(props.directory ? { webkitdirectory: true } : { accept: props.accept ?? '.csv,.tsv,.txt,.json,.jsonl,.ndjson' })}
        disabled={props.disabled}
        onChange={(e) => {
          const input = e.currentTarget;
          const files = Array.from(input.files ?? []);
          input.value = '';
          props.onFiles(files);
        }}
      />
    </label>
  );
}
