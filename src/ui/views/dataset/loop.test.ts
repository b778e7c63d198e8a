import { describe, expect, it } from 'vitest';
import { Split } from '../../../core/types';
import { canaryAccuracy, loopState, type LoopFacts } from './loop';

const base: LoopFacts = { canary: 0, canaryLabeled: 0, dev: 0, sources: 0, staleSources: 0, labelModel: 'none', reviewWaiting: 0, student: null };

describe('loopState', () => {
  it('suggests the first unfinished step, in the loop’s order', () => {
    expect(loopState(base).next.target).toBe('splits');
    expect(loopState({ ...base, canary: 500, canaryLabeled: 212 }).next).toEqual({ text: 'Label the canary: 288 items left', target: 'items' });
    const labeled = { ...base, canary: 500, canaryLabeled: 500 };
    expect(loopState(labeled).next.target).toBe('sources');
    expect(loopState({ ...labeled, sources: 7, staleSources: 2 }).next.text).toBe('Apply the 2 edited sources again');
    expect(loopState({ ...labeled, sources: 7 }).next.target).toBe('label-model');
    const fitted = { ...labeled, sources: 7, labelModel: 'fitted' as const };
    expect(loopState({ ...fitted, labelModel: 'outdated' }).next).toEqual({ text: 'Fit the label model again: its sources’ votes changed', target: 'label-model' });
    expect(loopState({ ...fitted, reviewWaiting: 140 }).next).toEqual({ text: 'Review the 140 items waiting in the queue', target: 'review' });
    expect(loopState({ ...fitted, reviewWaiting: 1 }).next.text).toBe('Review the item waiting in the queue');
    expect(loopState(fitted).next).toEqual({ text: 'Train a student on the label model’s labels', target: 'students' });
    expect(loopState({ ...fitted, student: { name: 'MLP', canaryAccuracy: 0.981 } }).next).toEqual({ text: 'Export the labels with their lineage', target: 'export' });
  });

  it('states each step', () => {
    const { steps } = loopState({ ...base, canary: 500, canaryLabeled: 212, sources: 7, staleSources: 2, labelModel: 'outdated', reviewWaiting: 140, student: { name: 'MLP', canaryAccuracy: 0.981 } });
    expect(steps.map((s) => `${s.title}: ${s.state}`)).toEqual([
      'Canary: 212/500 labeled',
      'Sources: 7, 2 stale',
      'Label model: outdated',
      'Review: 140 waiting',
      'Student: 98.1 % on canary',
      'Export: any time',
    ]);
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false, true, false]);
    const empty = loopState(base).steps;
    expect(empty.map((s) => s.state)).toEqual(['not drawn', 'none', 'not fitted', 'none waiting', 'none yet', 'any time']);
    expect(loopState({ ...base, student: { name: 'MLP', canaryAccuracy: null } }).steps[4].state).toBe('MLP, canary not labeled');
  });
});

describe('canaryAccuracy', () => {
  it('counts labeled canary items only, abstentions as wrong', () => {
    const splits = Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.canary, Split.dev, Split.train]);
    const labels = Int16Array.from([0, 1, 1, -1, 0, 0]);
    // Right, abstained, right, (unlabeled), dev and train items do not count.
    expect(canaryAccuracy(Int8Array.from([0, -1, 1, 0, 1, 1]), labels, splits)).toBeCloseTo(2 / 3, 12);
    expect(canaryAccuracy(Int8Array.from([0, 1, 1, 0, 0, 0]), labels, splits)).toBe(1);
    expect(canaryAccuracy(Int8Array.from([0, 1, 1, 0, 0, 0]), Int16Array.from([-1, -1, -1, -1, 0, 0]), splits)).toBeNull();
  });
});
