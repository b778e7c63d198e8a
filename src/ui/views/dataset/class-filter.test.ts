import { describe, expect, it } from 'vitest';
import { filterClasses } from './class-filter';

const classes = ['cat', 'Bobcat', 'wild cat', 'dog', 'hot-dog', 'catfish'].map((name) => ({ name, key: '', color: '#000' }));

describe('filterClasses', () => {
  it('ranks prefix, then word prefix, then substring matches, case-insensitively', () => {
    expect(filterClasses(classes, 'CAT')).toEqual([0, 5, 2, 1]);
    expect(filterClasses(classes, 'dog')).toEqual([3, 4]);
    expect(filterClasses(classes, ' fish')).toEqual([5]);
  });

  it('lists every class for an empty query and none for no match', () => {
    expect(filterClasses(classes, '')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(filterClasses(classes, 'zebra')).toEqual([]);
  });
});
