import { describe, expect, it } from 'vitest';
import { validateLf, type Condition } from '../../../core/lf/index';
import { conditionKinds, defaultCondition, describeCondition } from './describe';

describe('describeCondition', () => {
  it('reads like the rule, with groups parenthesised', () => {
    const condition: Condition = {
      kind: 'and',
      conditions: [
        { kind: 'keyword', keywords: ['free', 'win'], match: 'any', wholeWord: true, caseSensitive: false },
        { kind: 'not', condition: { kind: 'metadata', field: 'author', values: ['bot'] } },
        { kind: 'or', conditions: [{ kind: 'length', op: 'between', value: 1, max: 3, unit: 'words' }, { kind: 'regex', pattern: '^hi', flags: 'i' }] },
      ],
    };
    expect(describeCondition(condition)).toBe(
      'text has any of "free", "win" (whole word) AND NOT (author is "bot") AND (length of text in words between 1 and 3 OR text matches /^hi/i)',
    );
  });
});

describe('defaultCondition', () => {
  it('gives every kind a starting point that becomes valid once its blanks are filled', () => {
    const fill: Partial<Record<Condition['kind'], Partial<Condition>>> = {
      keyword: { keywords: ['x'] } as Partial<Condition>,
      regex: { pattern: 'x' } as Partial<Condition>,
      metadata: { values: ['x'] } as Partial<Condition>,
      similarity: { exampleIds: ['a'] } as Partial<Condition>,
    };
    for (const { kind } of conditionKinds) {
      let condition = { ...defaultCondition(kind, ['likes']), ...fill[kind] } as Condition;
      if (condition.kind === 'and' || condition.kind === 'or') condition = { ...condition, conditions: [{ ...condition.conditions[0], keywords: ['x'] } as Condition] };
      if (condition.kind === 'not') condition = { ...condition, condition: { ...condition.condition, keywords: ['x'] } as Condition };
      expect(() => validateLf({ id: 'a', name: 'a', vote: 0, condition }, { classCount: 2, fields: ['likes'] }), kind).not.toThrow();
    }
  });
});
