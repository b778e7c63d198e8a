import { describe, expect, it } from 'vitest';
import { fitLabelModel } from '../labelmodel/fit';
import { predict } from '../labelmodel/predict';
import { labelPatterns } from './counts';
import { buildSpec, paramsFromSpec, parseSpec, specToJson, type SpecSource } from './index';

const keyword = (id: string, vote: number, keywords: string[]): SpecSource => ({
  id,
  name: `kw ${id}`,
  kind: 'lf',
  enabled: true,
  definition: { id, name: `kw ${id}`, vote, condition: { kind: 'keyword', keywords, match: 'any', wholeWord: true, caseSensitive: false } },
});

const sources: SpecSource[] = [
  keyword('a', 1, ['check out']),
  keyword('b', 0, ['love']),
  { id: 'c', name: 'sim', kind: 'lf', enabled: true, definition: { id: 'c', name: 'sim', vote: 1, condition: { kind: 'not', condition: { kind: 'similarity', exampleIds: ['x'], threshold: 0.5 } } } },
  { id: 'd', name: 'js', kind: 'js-lf', enabled: true, definition: { id: 'd', name: 'js', source: '(item) => -1' } },
  { ...keyword('e', 1, ['off']), enabled: false },
];

describe('pipeline spec', () => {
  it('round-trips through JSON, listing what cannot leave the app and why', () => {
    const matrix = { n: 6, m: 2, k: 2, votes: Int8Array.from([1, -1, 1, 0, -1, 0, -1, -1, 1, -1, -1, 0]) };
    const params = fitLabelModel(matrix, 'snorkel', { seed: 0 });
    const spec = buildSpec({
      datasetName: 'yt',
      fields: ['AUTHOR'],
      classes: ['ham', 'spam'],
      sources,
      labelModel: { method: 'snorkel', ties: 'random', prior: 'model', seed: 0, sourceIds: ['a', 'b'], params },
      calibration: { method: 'temperature', temperature: 1.5 },
      now: new Date(0),
    });
    expect(spec.lfs.map((lf) => lf.id)).toEqual(['a', 'b']);
    expect(spec.notPortable.map((s) => [s.id, s.kind])).toEqual([
      ['c', 'lf'],
      ['d', 'js-lf'],
    ]);
    expect(spec.notPortable[0].reason).toMatch(/similarity/);
    expect(spec.notPortable[1].reason).toMatch(/JavaScript/);
    const back = parseSpec(specToJson(spec));
    expect(back).toEqual(spec);
    const restored = paramsFromSpec(back.labelModel!.params!);
    expect(predict(restored, matrix).probs).toEqual(predict(params, matrix).probs);
  });

  it('carries a −∞ log-score as null and back', () => {
    const params = fitLabelModel({ n: 2, m: 1, k: 2, votes: Int8Array.from([0, 1]) }, 'ds');
    params.base[1] = -Infinity;
    const spec = buildSpec({ datasetName: 'x', fields: [], classes: ['a', 'b'], sources: [keyword('a', 0, ['x'])], labelModel: { method: 'ds', ties: 'random', prior: 'model', seed: 0, sourceIds: ['a'], params } });
    const json = specToJson(spec);
    expect(json).toContain('null');
    expect(paramsFromSpec(parseSpec(json).labelModel!.params!).base[1]).toBe(-Infinity);
  });

  it('refuses a spec from a newer version, naming both versions', () => {
    const spec = { ...buildSpec({ datasetName: 'x', fields: [], classes: ['a', 'b'], sources: [] }), version: 2 };
    expect(() => parseSpec(spec)).toThrow(/version 2, newer than this Sift reads \(up to 1\)/);
  });

  it('names what is wrong: not JSON, another format, a schema slip, an LF voting outside the classes', () => {
    const good = buildSpec({ datasetName: 'x', fields: [], classes: ['a', 'b'], sources: [keyword('a', 0, ['x'])] });
    expect(() => parseSpec('{')).toThrow(/not JSON/);
    expect(() => parseSpec({ ...good, format: 'other' })).toThrow(/"format" is "other"/);
    expect(() => parseSpec({ ...good, classes: 'ab' })).toThrow(/classes: expected Array/);
    expect(() => parseSpec({ ...good, lfs: [{ ...good.lfs[0], vote: 2 }] })).toThrow(/vote is 2, but the dataset's classes are 0–1/);
    expect(() => parseSpec({ ...good, lfs: [{ ...good.lfs[0], condition: { kind: 'regex', pattern: 'x', field: 'missing' } }] })).toThrow(/"missing" is not a field/);
    expect(() => parseSpec({ ...good, thresholds: [0.5] })).toThrow(/thresholds has 1 entries for 2 classes/);
  });
  it('carries the label model’s decision: old files without it still load; one that does not fit is refused by name', () => {
    const lm = { method: 'mv' as const, ties: 'random' as const, prior: 'model' as const, seed: 0, sourceIds: ['a'], params: null };
    const base = { datasetName: 'x', fields: [], classes: ['a', 'b'], sources: [keyword('a', 0, ['x'])], labelModel: lm };
    const old = JSON.parse(specToJson(buildSpec(base)));
    expect('decision' in old).toBe(false);
    expect(parseSpec(old).decision).toBeUndefined();
    const decision = { kind: 'threshold' as const, positive: 1, threshold: 0.25 };
    expect(parseSpec(specToJson(buildSpec({ ...base, decision }))).decision).toEqual(decision);
    expect(buildSpec({ ...base, labelModel: null, decision }).decision).toBeUndefined();
    expect(() => parseSpec({ ...old, decision: { kind: 'weights', weights: [1, 2, 3] } })).toThrow('decision: 3 class weights for 2 classes.');
    expect(() => parseSpec({ ...old, classes: ['a', 'b', 'c'], decision })).toThrow('decision: a threshold decision needs two classes, but there are 3.');
    expect(() => parseSpec({ ...old, decision: { kind: 'threshold', positive: 1, threshold: 2 } })).toThrow(/decision\.threshold: expected <=1, got 2/);
    expect(() => parseSpec({ ...old, decision: { kind: 'cutoff' } })).toThrow(/decision\.kind: expected \("argmax" \| "threshold" \| "weights"\), got "cutoff"/);
    expect(() => parseSpec({ ...old, labelModel: null, decision })).toThrow("decision: a decision turns a label model's outputs into labels, but the spec has no labelModel.");
  });

  it('labels by the decision on raw outputs for its own method only; calibrated argmax without one', () => {
    const votes = Int8Array.from([1, 0, -1]);
    const counts = { m: 1, k: 2, size: 3, votes, counts: Float64Array.from([1, 1, 1]) };
    const params = fitLabelModel({ n: 3, m: 1, k: 2, votes }, 'mv');
    const lm = { method: 'mv' as const, ties: 'random' as const, prior: 'model' as const, seed: 0, sourceIds: ['a'], params: null };
    const base = { datasetName: 'x', fields: [], classes: ['a', 'b'], sources: [keyword('a', 0, ['x'])], labelModel: lm };
    const raw = predict(params, { n: 3, m: 1, k: 2, votes }).probs;
    // Raw p(b) is 1, 0 and 0.5: argmax leaves the last row tied (its key breaks it); a threshold of 0.6 makes it a.
    const threshold = 0.6;
    const decided = labelPatterns(buildSpec({ ...base, decision: { kind: 'threshold', positive: 1, threshold } }), params, counts);
    expect(Array.from(decided.label)).toEqual([1, 0, 0]);
    expect(Array.from(decided.tiedMask)).toEqual([0, 0, 0]);
    expect(Array.from(decided.probs)).toEqual(Array.from(raw));
    const plain = labelPatterns(buildSpec(base), params, counts);
    expect(Array.from(plain.label)).toEqual([1, 0, -1]);
    expect(Array.from(plain.tiedMask)).toEqual([0, 0, 3]);
    const otherMethod = labelPatterns(buildSpec({ ...base, labelModel: { ...lm, method: 'ds' }, decision: { kind: 'threshold', positive: 1, threshold } }), params, counts);
    expect(Array.from(otherMethod.label)).toEqual([1, 0, -1]);
  });
});
