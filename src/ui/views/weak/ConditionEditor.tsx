import type { CompareOp, Condition, ConditionKind } from '../../../core/lf/index';
import { conditionKinds, defaultCondition } from './describe';
import { ChipsInput } from './ChipsInput';
import { ListInput } from './ListInput';
import { FieldPicker } from './FieldPicker';

const compareOps: { op: CompareOp; title: string }[] = [
  { op: '<', title: '<' },
  { op: '<=', title: '≤' },
  { op: '>', title: '>' },
  { op: '>=', title: '≥' },
  { op: '==', title: '=' },
  { op: '!=', title: '≠' },
  { op: 'between', title: 'between' },
];

export interface ConditionEditorProps {
  condition: Condition;
  onChange: (condition: Condition) => void;
  /** Metadata field names of the dataset ('text' is always offered where a text field makes sense). */
  fields: readonly string[];
  /** Id of the item shown in the Items tab, for "add as example". */
  currentItemId?: string | null;
  onRemove?: () => void;
  /** Position in the tree, for test ids: "c", "c-0", "c-0-1"… */
  path?: string;
}

function num(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/** The form for one condition; groups (AND/OR/NOT) nest editors for their parts. */
export function ConditionEditor(props: ConditionEditorProps) {
  const { condition, onChange, fields } = props;
  const path = props.path ?? 'c';
  const set = (change: Partial<Condition>) => onChange({ ...condition, ...change } as Condition);
  const textFields = ['text', ...fields];
  const fieldSelect = (value: string | undefined, options: readonly string[], onPick: (field: string) => void) => (
    <FieldPicker value={value ?? 'text'} options={options} onPick={onPick} testId={`${path}-field`} />
  );
  const comparison = (c: { op: CompareOp; value: number; max?: number }) => (
    <>
      <select aria-label="Comparison" value={c.op} onChange={(e) => set({ op: e.currentTarget.value as CompareOp } as Partial<Condition>)} data-testid={`${path}-op`}>
        {compareOps.map((o) => <option key={o.op} value={o.op}>{o.title}</option>)}
      </select>
      <input type="number" aria-label="Value" value={Number.isFinite(c.value) ? c.value : ''} onInput={(e) => set({ value: num(e.currentTarget.value) } as Partial<Condition>)} data-testid={`${path}-value`} />
      {c.op === 'between' && (
        <>
          and <input type="number" aria-label="Upper bound" value={c.max !== undefined && Number.isFinite(c.max) ? c.max : ''} onInput={(e) => set({ max: num(e.currentTarget.value) } as Partial<Condition>)} data-testid={`${path}-max`} />
        </>
      )}
    </>
  );

  // Switching kind keeps what can be kept: AND⇄OR keep their parts, a group or NOT wraps the current condition.
  const changeKind = (kind: ConditionKind) => {
    const isGroup = condition.kind === 'and' || condition.kind === 'or';
    if ((kind === 'and' || kind === 'or') && isGroup) onChange({ kind, conditions: condition.conditions });
    else if (kind === 'and' || kind === 'or') onChange({ kind, conditions: [condition] });
    else if (kind === 'not') onChange({ kind, condition });
    else onChange(defaultCondition(kind, fields));
  };

  let body;
  switch (condition.kind) {
    case 'keyword':
      body = (
        <>
          {fieldSelect(condition.field, textFields, (field) => set({ field }))}
          <select aria-label="Match" value={condition.match} onChange={(e) => set({ match: e.currentTarget.value as 'any' | 'all' })} data-testid={`${path}-match`}>
            <option value="any">has any of</option>
            <option value="all">has all of</option>
          </select>
          <ChipsInput label="Keywords" placeholder="free, win, click here" values={condition.keywords} onChange={(keywords) => set({ keywords })} testId={`${path}-keywords`} />
          <label><input type="checkbox" checked={condition.wholeWord} onChange={(e) => set({ wholeWord: e.currentTarget.checked })} data-testid={`${path}-whole-word`} /> whole word</label>
          <label><input type="checkbox" checked={condition.caseSensitive} onChange={(e) => set({ caseSensitive: e.currentTarget.checked })} data-testid={`${path}-case`} /> case-sensitive</label>
        </>
      );
      break;
    case 'regex': {
      let problem: string | null = null;
      try {
        new RegExp(condition.pattern, [...new Set((condition.flags ?? '').replace(/[gy]/g, ''))].join(''));
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const ignoreCase = (condition.flags ?? '').includes('i');
      body = (
        <>
          {fieldSelect(condition.field, textFields, (field) => set({ field }))}
          matches /<input type="text" class={`pattern ${problem ? 'invalid' : ''}`} aria-label="Regular expression" size={Math.max(28, condition.pattern.length + 2)} value={condition.pattern} onInput={(e) => set({ pattern: e.currentTarget.value })} data-testid={`${path}-pattern`} />/
          <label><input type="checkbox" checked={ignoreCase} onChange={(e) => set({ flags: e.currentTarget.checked ? 'i' : '' })} /> ignore case</label>
          {problem && <span class="error-text" role="alert" data-testid={`${path}-regex-error`}>{problem}</span>}
        </>
      );
      break;
    }
    case 'number':
      body = (
        <>
          {fieldSelect(condition.field, fields, (field) => set({ field }))}
          {comparison(condition)}
        </>
      );
      break;
    case 'length':
      body = (
        <>
          length of {fieldSelect(condition.field, textFields, (field) => set({ field }))} in
          <select aria-label="Unit" value={condition.unit ?? 'chars'} onChange={(e) => set({ unit: e.currentTarget.value as 'chars' | 'words' })} data-testid={`${path}-unit`}>
            <option value="chars">characters</option>
            <option value="words">words</option>
          </select>
          {comparison(condition)}
        </>
      );
      break;
    case 'metadata':
      body = (
        <>
          {fieldSelect(condition.field, fields, (field) => set({ field }))} is one of
          <ListInput label="Values (one per line)" separator="line" values={condition.values} onChange={(values) => set({ values })} testId={`${path}-values`} />
          <label><input type="checkbox" checked={condition.caseSensitive ?? true} onChange={(e) => set({ caseSensitive: e.currentTarget.checked })} /> case-sensitive</label>
        </>
      );
      break;
    case 'similarity':
      body = (
        <>
          cosine ≥ <input type="number" step="0.05" min="-1" max="1" aria-label="Threshold" value={condition.threshold} onInput={(e) => set({ threshold: num(e.currentTarget.value) })} data-testid={`${path}-threshold`} />
          to example items (ids, one per line)
          <ListInput label="Example item ids" separator="line" values={condition.exampleIds} onChange={(exampleIds) => set({ exampleIds })} testId={`${path}-examples`} />
          {props.currentItemId && !condition.exampleIds.includes(props.currentItemId) && (
            <button type="button" onClick={() => set({ exampleIds: [...condition.exampleIds, props.currentItemId!] })}>Add current item ({props.currentItemId})</button>
          )}
        </>
      );
      break;
    case 'and':
    case 'or': {
      const parts = condition.conditions;
      const update = (i: number, next: Condition | null) => {
        const copy = parts.slice();
        if (next) copy[i] = next;
        else copy.splice(i, 1);
        set({ conditions: copy });
      };
      body = (
        <div class="condition-group">
          {parts.map((part, i) => (
            <ConditionEditor key={i} {...props} path={`${path}-${i}`} condition={part} onChange={(next) => update(i, next)} onRemove={parts.length > 1 ? () => update(i, null) : undefined} />
          ))}
          <button type="button" class="link" onClick={() => set({ conditions: [...parts, defaultCondition('keyword', fields)] })} data-testid={`${path}-add`}>
            + condition
          </button>
        </div>
      );
      break;
    }
    case 'not':
      body = (
        <div class="condition-group">
          <ConditionEditor {...props} path={`${path}-0`} condition={condition.condition} onChange={(inner) => set({ condition: inner })} onRemove={undefined} />
        </div>
      );
      break;
  }

  return (
    <div class={`condition condition-${condition.kind}`} data-testid={`condition-${path}`}>
      <div class="condition-row">
        <select aria-label="Condition kind" value={condition.kind} onChange={(e) => changeKind(e.currentTarget.value as ConditionKind)} data-testid={`${path}-kind`}>
          {conditionKinds.map((k) => <option key={k.kind} value={k.kind}>{k.title}</option>)}
        </select>
        {condition.kind !== 'and' && condition.kind !== 'or' && condition.kind !== 'not' && body}
        {props.onRemove && (
          <button type="button" class="link danger" aria-label="Remove condition" onClick={props.onRemove}>✕</button>
        )}
      </div>
      {(condition.kind === 'and' || condition.kind === 'or' || condition.kind === 'not') && body}
    </div>
  );
}
