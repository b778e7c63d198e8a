import type { Condition, ConditionKind } from '../../../core/lf/index';

const quote = (s: string) => JSON.stringify(s);
const ops: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '=', '!=': '≠', between: 'between' };

/** One line a person can read: `text has any of "free", "win" (whole word)`. */
export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'keyword': {
      const flags = [condition.wholeWord ? 'whole word' : '', condition.caseSensitive ? 'case-sensitive' : ''].filter(Boolean).join(', ');
      return `${condition.field ?? 'text'} has ${condition.match} of ${condition.keywords.map(quote).join(', ') || '(no keywords)'}${flags ? ` (${flags})` : ''}`;
    }
    case 'regex':
      return `${condition.field ?? 'text'} matches /${condition.pattern}/${condition.flags ?? ''}`;
    case 'number':
      return `${condition.field} ${ops[condition.op]} ${condition.value}${condition.op === 'between' ? ` and ${condition.max}` : ''}`;
    case 'length':
      return `length of ${condition.field ?? 'text'} in ${condition.unit ?? 'chars'} ${ops[condition.op]} ${condition.value}${condition.op === 'between' ? ` and ${condition.max}` : ''}`;
    case 'metadata':
      return `${condition.field} is ${condition.values.map(quote).join(' or ') || '(no values)'}`;
    case 'similarity':
      return `similar (cosine ≥ ${condition.threshold}) to ${condition.exampleIds.length} example${condition.exampleIds.length === 1 ? '' : 's'}`;
    case 'and':
    case 'or':
      return condition.conditions.map((c) => (c.kind === 'and' || c.kind === 'or' ? `(${describeCondition(c)})` : describeCondition(c))).join(` ${condition.kind.toUpperCase()} `);
    case 'not':
      return `NOT (${describeCondition(condition.condition)})`;
  }
}

export const conditionKinds: { kind: ConditionKind; title: string }[] = [
  { kind: 'keyword', title: 'Keywords' },
  { kind: 'regex', title: 'Regular expression' },
  { kind: 'number', title: 'Number field' },
  { kind: 'length', title: 'Text length' },
  { kind: 'metadata', title: 'Field equals' },
  { kind: 'similarity', title: 'Similar to examples' },
  { kind: 'and', title: 'All of (AND)' },
  { kind: 'or', title: 'Any of (OR)' },
  { kind: 'not', title: 'Not' },
];

/** A fresh condition of a kind, filled so the form starts from something sensible. */
export function defaultCondition(kind: ConditionKind, fields: readonly string[]): Condition {
  switch (kind) {
    case 'keyword':
      return { kind, keywords: [], match: 'any', wholeWord: true, caseSensitive: false };
    case 'regex':
      return { kind, pattern: '', flags: 'i' };
    case 'number':
      return { kind, field: fields[0] ?? '', op: '>=', value: 0 };
    case 'length':
      return { kind, unit: 'words', op: '<', value: 5 };
    case 'metadata':
      return { kind, field: fields[0] ?? '', values: [] };
    case 'similarity':
      return { kind, exampleIds: [], threshold: 0.5 };
    case 'and':
    case 'or':
      return { kind, conditions: [defaultCondition('keyword', fields)] };
    case 'not':
      return { kind, condition: defaultCondition('keyword', fields) };
  }
}
