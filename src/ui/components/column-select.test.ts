import { describe, expect, it } from 'vitest';
import { columnChoices } from './ColumnSelect';
import { matchingFields } from '../views/dataset/ItemFields';

const columns = Array.from({ length: 20_000 }, (_, c) => `x${c}`);

describe('columnChoices', () => {
  it('lists the first 50 columns of a wide file, and keeps the current choice listed', () => {
    expect(columnChoices(columns, '', '')).toEqual({ shown: columns.slice(0, 50), matching: 20_000 });
    const { shown } = columnChoices(columns, '', 'x19999');
    expect(shown[0]).toBe('x19999');
    expect(shown).toHaveLength(51);
  });
  it('searches names case-insensitively and counts every match', () => {
    const { shown, matching } = columnChoices(columns, ' X1234 ', 'x0');
    expect(matching).toBe(11);
    expect(shown).toEqual(['x0', 'x1234', ...Array.from({ length: 10 }, (_, i) => `x1234${i}`)]);
    expect(columnChoices(columns, 'nope', '')).toEqual({ shown: [], matching: 0 });
  });
});

describe('matchingFields', () => {
  const fields = Object.fromEntries(columns.map((c, i) => [c, i % 4 === 0 ? '' : String(i)]));
  it('skips empty fields and shows the first 50 filled ones', () => {
    const { shown, matching, filled } = matchingFields(fields, '');
    expect(filled).toBe(15_000);
    expect(matching).toBe(15_000);
    expect(shown).toHaveLength(50);
    expect(shown[0]).toEqual(['x1', '1']);
  });
  it('filters by name', () => {
    expect(matchingFields(fields, 'x12345')).toEqual({ shown: [['x12345', '12345']], matching: 1, filled: 15_000 });
    expect(matchingFields(fields, 'x12344').matching).toBe(0);
  });
});
