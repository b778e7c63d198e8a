import { describe, expect, it } from 'vitest';
import { planSet, planUndo } from './label-cas';
import { Author, historyOf, replay, type LabelChange } from './labels';

function withSeq(changes: LabelChange[]): LabelChange[] {
  return changes.map((c, i) => ({ ...c, seq: i + 1 }));
}

describe('label events', () => {
  it('replays sets and undo back to the previous labels with their authors', () => {
    const imported: LabelChange = { kind: 'set', by: 'import', at: 1, items: Uint32Array.of(0, 1, 2), labels: Int16Array.of(0, 1, 0), prev: Int16Array.of(-1, -1, -1) };
    let state = replay(4, [imported]);
    const items = Uint32Array.of(2, 1, 3, 3);
    const mine = planSet(state, items, Int16Array.from(items, (i) => state.label[i]), 1, 'you', 5, 'ask').change!;
    expect(Array.from(mine.items)).toEqual([2, 3]); // item 1 already 1, duplicate 3 collapsed
    const log = withSeq([imported, mine]);
    state = replay(4, log);
    expect(Array.from(state.label)).toEqual([0, 1, 1, 1]);
    expect(state.author[2]).toBe(Author.you);
    expect(state.author[1]).toBe(Author.import);
    const undo = planUndo(state, log[1], 9, 'ask').change!;
    state = replay(4, [...log, undo]);
    expect(Array.from(state.label)).toEqual([0, 1, 0, -1]);
    expect(state.author[3]).toBe(Author.none);
    expect(historyOf([...log, undo], 2).map((h) => [h.label, h.previous, h.by])).toEqual([
      [0, -1, 'import'],
      [1, 0, 'you'],
      [0, 1, 'you'],
    ]);
  });

  it('returns null when a set would change nothing', () => {
    const state = replay(2, [{ kind: 'set', by: 'you', at: 1, items: Uint32Array.of(0), labels: Int16Array.of(1), prev: Int16Array.of(-1) }]);
    expect(planSet(state, Uint32Array.of(0), Int16Array.of(1), 1, 'you', 2, 'ask').change).toBeNull();
  });
});
