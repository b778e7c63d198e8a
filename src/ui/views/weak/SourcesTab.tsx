import { useEffect, useState } from 'preact/hooks';
import type { JsLfDef, LfDef } from '../../../core/lf/index';
import { voteState, type VoteState } from '../../../core/weak/source-state';
import type { Source } from '../../../data/db';
import type { SourceOf } from '../../../core/records';
import { itemAt } from '../../state/items';
import type { DatasetSession } from '../../state/session';
import { say } from '../../state/tasks';
import { applySources, importPipelineSpecFile, jsTimeLimitMs, lfDraft, newJsSource, newRuleSource, removeSource, storeSource, toggleSource } from '../../state/weak';
import { defaultCondition, describeCondition } from './describe';
import { exportLfLibrary, importLfLibrary } from '../../state/lf-library';
import { previewRuleLf } from '../../state/lf-preview';
import { JsLfEditor, RuleLfEditor, type RuleDraft } from './LfEditor';

type Editing = { kind: 'rule'; source: SourceOf<'lf'> | null; draft: RuleDraft } | { kind: 'js'; source: SourceOf<'js-lf'> | null } | null;

const stateText: Record<VoteState, string> = { fresh: 'votes up to date', stale: 'stale: edited since applied', missing: 'not applied' };
const kindText: Record<string, string> = { lf: 'rule LF', 'js-lf': 'JS LF', imported: 'imported', teacher: 'teacher', student: 'student', human: 'human' };

function summary(source: Source): string {
  if (source.kind === 'lf') return describeCondition(source.definition.condition);
  if (source.kind === 'js-lf') return source.definition.source.replace(/\s+/g, ' ').slice(0, 90);
  if (source.kind === 'imported') return 'votes imported with the data';
  return '';
}

function useCurrentItemId(session: DatasetSession): string | null {
  const [id, setId] = useState<string | null>(null);
  const index = session.currentItem.value;
  useEffect(() => {
    const dataset = session.dataset.value;
    if (index < 0) setId(null);
    else itemAt(dataset, index).then((row) => setId(row?.id ?? null));
  }, [index]);
  return id;
}

/** Label sources of the dataset: create, edit, enable, apply and delete LFs; imported votes are listed too. */
export function SourcesTab({ session }: { session: DatasetSession }) {
  const dataset = session.dataset.value;
  const sources = session.sources.value;
  const [editing, setEditing] = useState<Editing>(null);
  const currentItemId = useCurrentItemId(session);
  const classes = dataset.classes;

  useEffect(() => {
    const draft = lfDraft.value;
    if (!draft) return;
    lfDraft.value = null;
    setEditing({ kind: 'rule', source: null, draft });
  }, [lfDraft.value]);

  const guard = (work: Promise<unknown>) => work.catch((error) => say('error', error instanceof Error ? error.message : String(error)));

  const saveRule = async (draft: RuleDraft, apply: boolean) => {
    const base = editing?.kind === 'rule' && editing.source ? editing.source : newRuleSource(session, draft);
    const source: Source = { ...base, name: draft.name.trim(), definition: { ...base.definition, ...draft, name: draft.name.trim() } };
    await storeSource(session, source);
    setEditing(null);
    if (apply) await applySources(session, [source]);
  };
  const saveJs = async (draft: Pick<JsLfDef, 'name' | 'source'>, apply: boolean) => {
    const base = editing?.kind === 'js' && editing.source ? editing.source : newJsSource(session, draft.name, draft.source);
    const source: Source = { ...base, name: draft.name.trim(), definition: { ...base.definition, name: draft.name.trim(), source: draft.source } };
    await storeSource(session, source);
    setEditing(null);
    if (apply) await applySources(session, [source]);
  };

  const applicable = sources.filter((s) => (s.kind === 'lf' || s.kind === 'js-lf') && voteState(s) !== 'fresh');
  return (
    <section class="sources" aria-label="Sources">
      <div class="toolbar-inline">
        <button type="button" onClick={() => setEditing({ kind: 'rule', source: null, draft: { name: '', vote: 0, condition: defaultCondition('keyword', dataset.fields) } })} data-testid="new-rule-lf">
          New rule LF
        </button>
        <button type="button" onClick={() => setEditing({ kind: 'js', source: null })} data-testid="new-js-lf">New JS LF</button>
        <label class="hint" title="Add the rule LFs of a pipeline spec file (exported from the Label model tab)">
          Import pipeline spec
          <input
            type="file"
            accept=".json,application/json"
            data-testid="spec-import"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) importPipelineSpecFile(session, file);
            }}
          />
        </label>
        <button type="button" disabled={!sources.some((s) => s.kind === 'lf' || s.kind === 'js-lf')} onClick={() => exportLfLibrary(session)} data-testid="lf-library-export">
          Export LFs
        </button>
        <label class="hint" title="Add LFs exported from another dataset; their fields and classes are checked first">
          Import LFs
          <input
            type="file"
            accept=".json,application/json"
            data-testid="lf-library-import"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) importLfLibrary(session, file);
            }}
          />
        </label>
        <button type="button" class="primary" disabled={applicable.length === 0} onClick={() => guard(applySources(session, applicable))} data-testid="apply-stale">
          Apply {applicable.length} LF{applicable.length === 1 ? '' : 's'} that need it
        </button>
        <label class="hint">
          JS time limit <input type="number" min={1} max={10000} value={jsTimeLimitMs.value} onInput={(e) => (jsTimeLimitMs.value = Math.max(1, Number(e.currentTarget.value) || 1))} class="narrow" /> ms per item
        </label>
      </div>

      {editing?.kind === 'rule' && (
        <RuleLfEditor
          key={editing.source?.id ?? 'new'}
          initial={editing.draft}
          classes={classes}
          fields={dataset.fields}
          currentItemId={currentItemId}
          storedVersion={editing.source?.version}
          preview={(def, signal) => previewRuleLf(session, def, signal)}
          onSave={(draft, apply) => guard(saveRule(draft, apply))}
          onCancel={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'js' && (
        <JsLfEditor
          key={editing.source?.id ?? 'new'}
          initial={editing.source ? { name: editing.source.name, source: editing.source.definition.source } : { name: '', source: '' }}
          classes={classes}
          timeLimitMs={jsTimeLimitMs.value}
          onSave={(draft, apply) => guard(saveJs(draft, apply))}
          onCancel={() => setEditing(null)}
        />
      )}

      {sources.length === 0 ? (
        <p class="hint">No sources yet. Write a labeling function (a rule that votes one class or abstains), or import a WRENCH folder with votes.</p>
      ) : (
        <table class="sources-table" data-testid="sources-table">
          <thead>
            <tr>
              <th>Use</th>
              <th>Name</th>
              <th>Kind</th>
              <th>Votes</th>
              <th>Definition</th>
              <th>Version</th>
              <th><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => {
              const state = voteState(source);
              const lf = source.kind === 'lf' ? source.definition : null;
              return (
                <tr key={source.id} data-testid="source-row" data-name={source.name} data-state={state}>
                  <td>
                    <input type="checkbox" aria-label={`Use ${source.name}`} checked={source.enabled} onChange={(e) => guard(toggleSource(session, source, e.currentTarget.checked))} />
                  </td>
                  <td>{source.name}</td>
                  <td>{kindText[source.kind] ?? source.kind}{lf && <> → {classes[lf.vote]?.name}</>}</td>
                  <td class={`vote-state ${state}`} data-testid="source-state">{stateText[state]}</td>
                  <td class="definition">{summary(source)}</td>
                  <td><code class="version">{source.version ?? '—'}</code></td>
                  <td class="row-actions">
                    {(source.kind === 'lf' || source.kind === 'js-lf') && (
                      <>
                        <button type="button" class="link" onClick={() => setEditing(source.kind === 'lf' ? { kind: 'rule', source, draft: { name: source.definition.name || source.name, vote: source.definition.vote, condition: source.definition.condition } } : source.kind === 'js-lf' ? { kind: 'js', source } : null)}>
                          Edit
                        </button>
                        <button type="button" class="link" onClick={() => guard(applySources(session, [source]))} data-testid="apply-source">Apply</button>
                      </>
                    )}
                    <button
                      type="button"
                      class="link danger"
                      onClick={() => confirm(`Delete "${source.name}" and its votes?`) && guard(removeSource(session, source))}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
