import { describe, expect, it } from 'vitest';
import { loopState, type LoopFacts } from './loop';

const base: LoopFacts = { canary: 0, canaryLabeled: 0, dev: 0, sources: 0, staleSources: 0, labelModel: false };

describe('loopState', () => {
  it('suggests the first unfinished step, in the loop’s order', () => {
    expect(loopState(base).next.target).toBe('splits');
    expect(loopState({ ...base, canary: 500, canaryLabeled: 212 }).next).toEqual({ text: 'Label the canary: 288 items left', target: 'items' });
    const labeled = { ...base, canary: 500, canaryLabeled: 500 };
    expect(loopState(labeled).next.target).toBe('sources');
    expect(loopState({ ...labeled, sources: 7, staleSources: 2 }).next.text).toBe('Apply the 2 edited sources again');
    expect(loopState({ ...labeled, sources: 7 }).next.target).toBe('label-model');
    expect(loopState({ ...labeled, sources: 7, labelModel: true }).next.target).toBe('students');
  });

  it('states each step', () => {
    const { steps } = loopState({ ...base, canary: 500, canaryLabeled: 212, sources: 7, staleSources: 2 });
    expect(steps.map((s) => `${s.title}: ${s.state}`)).toEqual(['Canary: 212/500 labeled', 'Sources: 7, 2 stale', 'Label model: not fitted', 'Student: optional', 'Export: any time']);
    expect(steps.map((s) => s.done)).toEqual([false, false, false, false, false]);
  });
});
