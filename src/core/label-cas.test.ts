import { describe, expect, it } from 'vitest';
import { planSet, planUndo } from './label-cas';
import { applyChange, emptyLabelState, type LabelChange } from './labels';

const u32 = (...v: number[]) => Uint32Array.from(v);
const i16 = (...v: number[]) => Int16Array.from(v);

function stateWith(labels: number[]) {
  const state = emptyLabelState(labels.length);
  labels.forEach((label, item) => label >= 0 && applyChange(state, { kind: 'set', by: 'you', at: 1, items: u32(item), labels: i16(label), prev: i16(-1) }));
  return state;
}

describe('planSet', () => {
  it('writes what the user saw, with the stored previous labels, when nobody else changed them', () => {
    const state = stateWith([-1, 0, 1, -1]);
    const plan = planSet(state, u32(3, 0, 1, 3), i16(-1, -1, 0, -1), 1, 'you', 5, 'ask');
    expect(plan.conflicts).toEqual(u32());
    expect(plan.change).toEqual({ kind: 'set', by: 'you', at: 5, items: u32(0, 1, 3), labels: i16(1), prev: i16(-1, 0, -1) });
  });

  it('stops on items another tab changed since the user looked, then skips or overwrites them as told', () => {
    // The user saw items 0..3 unlabeled; another tab has since set 1 → 0 and 2 → 1 (the label wanted).
    const state = stateWith([-1, 0, 1, -1]);
    const seen = i16(-1, -1, -1, -1);
    const ask = planSet(state, u32(0, 1, 2, 3), seen, 1, 'you', 5, 'ask');
    expect(ask).toEqual({ change: null, conflicts: u32(1) });
    const skip = planSet(state, u32(0, 1, 2, 3), seen, 1, 'you', 5, 'skip');
    expect(skip.change).toMatchObject({ items: u32(0, 3), prev: i16(-1, -1) });
    expect(skip.conflicts).toEqual(u32(1));
    const overwrite = planSet(state, u32(0, 1, 2, 3), seen, 1, 'you', 5, 'overwrite');
    expect(overwrite.change).toMatchObject({ items: u32(0, 1, 3), prev: i16(-1, 0, -1) });
  });

  it('writes nothing when every item already has the label', () => {
    expect(planSet(stateWith([1, 1]), u32(0, 1), i16(1, -1), 1, 'you', 5, 'ask')).toEqual({ change: null, conflicts: u32() });
  });
});

describe('planUndo', () => {
  const target: LabelChange = { seq: 7, kind: 'set', by: 'you', at: 2, items: u32(0, 1, 2, 3), labels: i16(1), prev: i16(-1, 0, -1, -1) };

  it('reverts every item the change set while it is still current', () => {
    const state = stateWith([1, 1, 1, 1]);
    const plan = planUndo(state, target, 9, 'ask');
    expect(plan).toEqual({ change: { kind: 'undo', by: 'you', at: 9, items: u32(0, 1, 2, 3), labels: i16(-1, 0, -1, -1), prev: i16(1, 1, 1, 1), undoes: 7 }, conflicts: u32() });
    applyChange(state, plan.change!);
    expect(Array.from(state.label)).toEqual([-1, 0, -1, -1]);
  });

  it('never restores old labels over a newer change: those items conflict, and skip leaves them', () => {
    // Since the change, another tab set item 2 → 0 and cleared item 3 (already its old label: nothing to do).
    const state = stateWith([1, 1, 0, -1]);
    expect(planUndo(state, target, 9, 'ask')).toEqual({ change: null, conflicts: u32(2) });
    const skip = planUndo(state, target, 9, 'skip');
    expect(skip.change).toMatchObject({ items: u32(0, 1), labels: i16(-1, 0), prev: i16(1, 1), undoes: 7 });
    const overwrite = planUndo(state, target, 9, 'overwrite');
    expect(overwrite.change).toMatchObject({ items: u32(0, 1, 2), labels: i16(-1, 0, -1), prev: i16(1, 1, 0) });
  });

  it('records an empty undo when nothing is left to revert, so it is not offered again', () => {
    const plan = planUndo(stateWith([-1, 0, -1, -1]), target, 9, 'ask');
    expect(plan).toEqual({ change: { kind: 'undo', by: 'you', at: 9, items: u32(), labels: i16(), prev: i16(), undoes: 7 }, conflicts: u32() });
  });
});
