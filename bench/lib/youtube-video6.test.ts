import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VIDEO6_CLASSES, VIDEO6_LFS, video6Comments, video6Splits, youtubeVideo6 } from './youtube-video6';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('youtube_video6', () => {
  it('labels every spam comment spam and every ham comment by its video (UCI counts)', () => {
    const comments = video6Comments(root);
    expect(comments).toHaveLength(1956);
    const counts = VIDEO6_CLASSES.map((_, c) => comments.filter((x) => x.label === c).length);
    // UCI's table: spam 1,005; ham 175 / 175 / 202 / 203 / 196 in file order.
    expect(counts).toEqual([1005, 175, 175, 202, 203, 196]);
    expect(new Set(comments.map((c) => c.id)).size).toBe(1956);
    expect(comments.some((c) => c.text.includes('\uFEFF'))).toBe(false);
  });

  it('splits 60/20/20, the same way for the same seed and differently for another', () => {
    const a = video6Splits(root, 3);
    const b = video6Splits(root, 3);
    const c = video6Splits(root, 4);
    const { train, valid, test } = a.splits;
    expect([train.n, valid.n, test.n]).toEqual([1174, 391, 391]);
    expect(new Set([...train.ids, ...valid.ids, ...test.ids]).size).toBe(1956);
    expect(b.splits.test.ids).toEqual(test.ids);
    expect(b.texts).toEqual(a.texts);
    expect(Array.from(b.splits.train.votes)).toEqual(Array.from(train.votes));
    expect(Array.from(b.splits.valid.gold)).toEqual(Array.from(valid.gold));
    expect(c.splits.test.ids).not.toEqual(test.ids);
  });

  it('votes with the app LF engine, and the features follow the split order', () => {
    const data = youtubeVideo6(root, 0);
    const { train, valid, test } = data.splits;
    expect(data.features.n).toBe(train.n + valid.n + test.n);
    const m = train.m;
    expect(m).toBe(VIDEO6_LFS.length);
    let foreign = 0;
    for (let i = 0; i < train.n; i++) for (let j = 0; j < m; j++) if (train.votes[i * m + j] !== -1 && train.votes[i * m + j] !== VIDEO6_LFS[j].vote) foreign++;
    expect(foreign).toBe(0);
    // Wiring, not accuracy: the rows whose text names Gangnam are exactly where the Gangnam LF votes.
    const texts = new Map(video6Comments(root).map((c) => [c.id, c.text]));
    const j = VIDEO6_LFS.findIndex((lf) => lf.id === 'psy-song');
    const named = train.ids.map((id) => /gangnam/i.test(texts.get(id)!));
    expect(named.filter(Boolean).length).toBeGreaterThan(0);
    expect(train.ids.filter((_, i) => (train.votes[i * m + j] === 1) !== named[i])).toEqual([]);
  });
});
