import { describe, expect, it } from 'vitest';
import { rowSummary } from './summary';

describe('rowSummary', () => {
  it('joins name: value pairs, marks empty cells and cuts long rows at a whole pair', () => {
    const row: Record<string, string> = { alcohol: '13.2', color: ' red ', note: '' };
    expect(rowSummary(['alcohol', 'color', 'note'], (n) => row[n])).toBe('alcohol: 13.2 · color: red · note: —');
    expect(rowSummary(['alcohol', 'color', 'note'], (n) => row[n], 30)).toBe('alcohol: 13.2 · color: red …');
    expect(rowSummary(['alcohol'], () => 'x'.repeat(50), 20)).toBe(`alcohol: ${'x'.repeat(10)} …`);
    expect(rowSummary([], () => '')).toBe('');
  });

  it('keeps markup as plain characters', () => {
    expect(rowSummary(['a'], () => '<b>x</b>')).toBe('a: <b>x</b>');
  });
});
