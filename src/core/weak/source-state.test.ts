import { describe, expect, it } from 'vitest';
import { lfVersion } from '../lf/version';
import type { LfDef } from '../lf/types';
import { definitionVersion, voteState, wrenchLfNames } from './source-state';

const def: LfDef = { id: 'a', name: 'a', vote: 1, condition: { kind: 'keyword', keywords: ['free'], match: 'any', wholeWord: true, caseSensitive: false } };

describe('voteState', () => {
  it('is fresh when the stored votes were made by the current definition, stale after an edit, missing without votes', () => {
    expect(voteState({ kind: 'lf', definition: def, version: lfVersion(def) })).toBe('fresh');
    const edited = { ...def, condition: { ...def.condition, keywords: ['free', 'win'] } };
    expect(voteState({ kind: 'lf', definition: edited, version: lfVersion(def) })).toBe('stale');
    expect(voteState({ kind: 'lf', definition: { ...def, name: 'renamed' }, version: lfVersion(def) })).toBe('fresh');
    expect(voteState({ kind: 'lf', definition: def, version: null })).toBe('missing');
  });

  it('treats imported votes as fixed and versions JS LFs by their source', () => {
    expect(voteState({ kind: 'imported', definition: { column: 0 }, version: 'imported-1' })).toBe('fresh');
    const js = { id: 'j', name: 'j', source: '(item) => -1' };
    expect(definitionVersion({ kind: 'js-lf', definition: js, version: null })).toBe(lfVersion(js));
  });
});

describe('wrenchLfNames', () => {
  const readme = 'YouTube spam\n\nLabeling functions list:\n\n    keyword_my,\n    keyword_subscribe,\n    short_comment,\n\nKeyword_my : Spam comments…\n';
  it('reads the list when it has one name per source', () => {
    expect(wrenchLfNames(readme, 3)).toEqual(['keyword_my', 'keyword_subscribe', 'short_comment']);
  });
  it('gives up when the count differs or there is no list', () => {
    expect(wrenchLfNames(readme, 4)).toBeNull();
    expect(wrenchLfNames('nothing here', 1)).toBeNull();
  });
});
