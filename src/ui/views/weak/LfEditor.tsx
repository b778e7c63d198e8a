import { useState } from 'preact/hooks';
import { lfVersion, validateLf, type Condition, type JsLfDef, type LfDef } from '../../../core/lf/index';
import type { ClassDef } from '../../../core/types';
import type { PreviewResult } from '../../state/lf-preview';
import { ConditionEditor } from './ConditionEditor';
import { LfPreviewPanel } from './LfPreview';

export interface RuleDraft {
  name: string;
  vote: number;
  condition: Condition;
}

/** What is wrong with the definition itself (what it reads and votes), or null: the preview shows it in its place. */
function definitionProblem(draft: RuleDraft, classes: ClassDef[], fields: readonly string[]): string | null {
  try {
    validateLf({ id: 'draft', ...draft, name: draft.name || 'draft' }, { classCount: classes.length, fields });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^LF "[^"]*": /, '') : String(error);
  }
}

/** The no-code LF form: name, the class it votes, and its condition tree. Save is refused while invalid. */
export function RuleLfEditor(props: {
  initial: RuleDraft;
  classes: ClassDef[];
  fields: readonly string[];
  currentItemId?: string | null;
  /** Version of the stored votes, to say whether saving makes them stale. */
  storedVersion?: string | null;
  /** Computes the live preview of the definition being edited (in a worker). */
  preview: (def: LfDef, signal: AbortSignal) => Promise<PreviewResult>;
  onSave: (draft: RuleDraft, apply: boolean) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(props.initial);
  const definitionIssue = definitionProblem(draft, props.classes, props.fields);
  const nameIssue = draft.name.trim() === '' ? 'Give the LF a name.' : null;
  const problem = definitionIssue ?? nameIssue;
  const def: LfDef | null = definitionIssue ? null : { id: 'draft', ...draft, name: draft.name || 'draft' };
  const version = def ? lfVersion(def) : null;
  return (
    <section class="lf-editor" aria-label="Rule LF editor" data-testid="lf-editor">
      <div class="form-row">
        <label>
          Name <input type="text" class="lf-name" size={Math.max(22, draft.name.length + 2)} value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} data-testid="lf-name" />
        </label>
        <label>
          votes
          <select value={String(draft.vote)} onChange={(e) => setDraft({ ...draft, vote: Number(e.currentTarget.value) })} data-testid="lf-vote">
            {props.classes.map((c, k) => <option key={k} value={String(k)}>{c.name}</option>)}
          </select>
        </label>
        <span class="hint">when the condition holds, otherwise abstains</span>
      </div>
      <ConditionEditor condition={draft.condition} fields={props.fields} currentItemId={props.currentItemId} onChange={(condition) => setDraft({ ...draft, condition })} />
      {!definitionIssue && nameIssue && <p class="hint" data-testid="lf-name-problem">{nameIssue}</p>}
      <LfPreviewPanel def={def} problem={definitionIssue} classes={props.classes} request={props.preview} />
      {version && props.storedVersion && version !== props.storedVersion && <p class="hint">Saving changes what this LF votes: its stored votes will show as stale until you apply it.</p>}
      <div class="actions">
        <button type="button" onClick={props.onCancel}>Cancel</button>
        <button type="button" disabled={!!problem} onClick={() => props.onSave(draft, false)} data-testid="lf-save">Save</button>
        <button type="button" class="primary" disabled={!!problem} onClick={() => props.onSave(draft, true)} data-testid="lf-save-apply">Save and apply</button>
      </div>
    </section>
  );
}

const JS_HELP = `(item) => item.text.includes('http') ? 1 : -1`;

/** A JavaScript LF: a function of {id, text, fields} returning a class index or -1; it runs in the sandbox. */
export function JsLfEditor(props: { initial: Pick<JsLfDef, 'name' | 'source'>; classes: ClassDef[]; timeLimitMs: number; onSave: (draft: Pick<JsLfDef, 'name' | 'source'>, apply: boolean) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(props.initial);
  const problem = draft.name.trim() === '' ? 'Give the LF a name.' : draft.source.trim() === '' ? 'Write the function.' : null;
  return (
    <section class="lf-editor" aria-label="JS LF editor" data-testid="js-lf-editor">
      <div class="form-row">
        <label>
          Name <input type="text" value={draft.name} onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} data-testid="js-lf-name" />
        </label>
      </div>
      <textarea class="code" rows={8} spellcheck={false} aria-label="JS LF source" placeholder={JS_HELP} value={draft.source} onInput={(e) => setDraft({ ...draft, source: e.currentTarget.value })} data-testid="js-lf-source" />
      <p class="hint">
        A function of <code>item</code> (<code>{'{ id, text, fields }'}</code>, read-only) returning a class index ({props.classes.map((c, k) => `${k} = ${c.name}`).join(', ')}) or -1 to
        abstain. It runs in a locked-down worker (no network, no storage) with a limit of {props.timeLimitMs} ms per item; an error or a slow item stops the apply and names the item.
      </p>
      {problem && <p class="error-text" role="alert">{problem}</p>}
      <div class="actions">
        <button type="button" onClick={props.onCancel}>Cancel</button>
        <button type="button" disabled={!!problem} onClick={() => props.onSave(draft, false)} data-testid="js-lf-save">Save</button>
        <button type="button" class="primary" disabled={!!problem} onClick={() => props.onSave(draft, true)} data-testid="js-lf-save-apply">Save and apply</button>
      </div>
    </section>
  );
}
