import { useRef, useState } from 'preact/hooks';
import type { CardProblem } from '../../../core/models/card';
import type { ModelInfo } from '../../../core/models/card-validate';
import { download } from '../../download';

type Json = Record<string, any>;


const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * The model card as a form: the fields people usually change, plus the whole card as JSON (import,
 * export, or edit any field). Every edit is checked at once against the model.
 */
export function CardForm({ card, info, onChange }: { card: Json; info: ModelInfo | null; onChange: (card: Json) => void }) {
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [prepText, setPrepText] = useState<string | null>(null);
  const importRef = useRef<HTMLInputElement>(null);
  const set = (patch: Json) => {
    setJsonText(null);
    onChange({ ...card, ...patch });
  };
  const output = (card.outputs?.[0] ?? {}) as Json;
  const setOutput = (patch: Json) => set({ outputs: [{ ...output, ...patch }, ...(card.outputs?.slice(1) ?? [])] });

  const applyJson = (text: string) => {
    setJsonText(text);
    try {
      const value = JSON.parse(text);
      setJsonError(null);
      onChange(value);
    } catch (error) {
      setJsonError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div class="card-form" data-testid="card-form">
      <div class="form-grid">
        <label>Name<input data-testid="card-name" value={card.name ?? ''} onInput={(e) => set({ name: e.currentTarget.value })} /></label>
        <label>Id<input data-testid="card-id" value={card.id ?? ''} onInput={(e) => set({ id: e.currentTarget.value })} /></label>
        <label>Version<input value={card.version ?? ''} onInput={(e) => set({ version: e.currentTarget.value })} /></label>
        <label>
          Task
          <select data-testid="card-task" value={card.task} onChange={(e) => set({ task: e.currentTarget.value })}>
            <option value="classify">classify (a teacher)</option>
            <option value="embed">embed (vectors)</option>
          </select>
        </label>
        <label>
          Input
          <select value={card.input_kind} onChange={(e) => set({ input_kind: e.currentTarget.value })}>
            <option value="text">text</option>
            <option value="image">image</option>
            <option value="table">table</option>
          </select>
        </label>
        <label>
          Output '{output.name}' holds
          <select data-testid="card-output-role" value={output.role} onChange={(e) => setOutput({ role: e.currentTarget.value })}>
            <option value="logits">logits (Sift applies softmax)</option>
            <option value="probabilities">probabilities</option>
            <option value="embedding">an embedding</option>
          </select>
        </label>
        <label>License of the model<input value={card.license?.model ?? ''} onInput={(e) => set({ license: { ...card.license, model: e.currentTarget.value } })} /></label>
        <label>Trained on<input value={card.provenance?.data ?? ''} onInput={(e) => set({ provenance: { ...card.provenance, data: e.currentTarget.value } })} /></label>
      </div>
      {card.task === 'classify' && (
        <label class="block">
          Labels, one per line, in the order of the output's columns
          <textarea data-testid="card-labels" rows={Math.min(10, Math.max(3, (card.labels?.length ?? 0) + 1))} value={(card.labels ?? []).join('\n')} onChange={(e) => set({ labels: lines(e.currentTarget.value) })} />
        </label>
      )}
      <label class="block">
        Preprocessing (JSON: kind 'hashed-ngrams', 'image', 'image-pixels', 'tokenizer' or 'table' and its settings)
        <textarea
          class="code"
          data-testid="card-preprocessing"
          rows={6}
          value={prepText ?? JSON.stringify(card.preprocessing ?? {}, null, 1)}
          onInput={(e) => {
            const text = e.currentTarget.value;
            setPrepText(text);
            try {
              set({ preprocessing: JSON.parse(text) });
              setPrepText(null);
            } catch {
              /* keep typing */
            }
          }}
        />
      </label>
      <details>
        <summary>Whole card as JSON</summary>
        <textarea class="code" data-testid="card-json" rows={16} value={jsonText ?? JSON.stringify(card, null, 2)} onInput={(e) => applyJson(e.currentTarget.value)} />
        {jsonError && <p class="error-text">Not valid JSON yet: {jsonError}</p>}
      </details>
      <div class="actions left">
        <button type="button" onClick={() => importRef.current?.click()}>Import card JSON…</button>
        <input
          ref={importRef}
          type="file"
          accept=".json,application/json"
          data-testid="card-import"
          hidden
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) applyJson(await file.text());
          }}
        />
        <button type="button" onClick={() => download(new Blob([JSON.stringify(card, null, 2)], { type: 'application/json' }), `${card.id || 'model'}.card.json`)}>Export card JSON</button>
      </div>
    </div>
  );
}

export function ProblemList({ problems }: { problems: CardProblem[] }) {
  if (problems.length === 0) return <p class="ok" data-testid="card-ok">The card matches the model.</p>;
  return (
    <ul class="problems" data-testid="card-problems">
      {problems.map((p, i) => (
        <li key={i} data-testid="card-problem" data-code={p.code} class={p.severity}>
          <strong>{p.severity === 'error' ? 'Error' : 'Warning'}</strong> <code>{p.path || 'card'}</code>: {p.path && p.message.startsWith(`${p.path}: `) ? p.message.slice(p.path.length + 2) : p.message}
        </li>
      ))}
    </ul>
  );
}
