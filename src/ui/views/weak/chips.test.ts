import { describe, expect, it } from 'vitest';
import { splitEntries } from './chips';

describe('splitEntries', () => {
  it('keeps text without a comma as still being typed', () => {
    expect(splitEntries('click he')).toEqual({ done: [], rest: 'click he' });
  });
  it('turns every part before the last comma into an entry, trimmed, dropping empty ones', () => {
    expect(splitEntries('check, subscribe')).toEqual({ done: ['check'], rest: 'subscribe' });
    expect(splitEntries(' free ,, win,')).toEqual({ done: ['free', 'win'], rest: '' });
  });
  it('keeps inner spaces of a phrase', () => {
    expect(splitEntries('click here,')).toEqual({ done: ['click here'], rest: '' });
  });
});
