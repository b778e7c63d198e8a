import { describe, expect, it } from 'vitest';
import { NO_LABEL, Split } from '../types';
import { ChunkView } from './chunk-view';
import { compileLf } from './compile';
import { PreviewCollector, previewSample } from './preview';
import type { LfDef } from './types';

const texts = ['free money', 'nice song', 'FREE gift', 'love it', 'free free', 'ok', 'free stuff', 'cool'];
//                dev spam    dev ham     canary spam  train     dev ham      train  train        canary
const splits = Uint8Array.from([Split.dev, Split.dev, Split.canary, Split.train, Split.dev, Split.train, Split.train, Split.canary]);
const gold = Int16Array.from([1, 0, 1, NO_LABEL, 0, NO_LABEL, NO_LABEL, 0]);
const free: LfDef = { id: 'f', name: 'free', vote: 1, condition: { kind: 'keyword', keywords: ['free'], match: 'any', wholeWord: true, caseSensitive: false } };

function run(sample: Uint32Array, exampleCount = 20) {
  const lf = compileLf(free, { classCount: 2, fields: [] });
  const collector = new PreviewCollector({ classCount: 2, datasetItems: texts.length, eligible: 6, splits, gold, exampleCount });
  // Two chunks of four, as the worker holds them.
  for (const start of [0, 4]) {
    const view = new ChunkView({ text: texts.slice(start, start + 4), fields: {} });
    const rows = Array.from(sample).filter((i) => i >= start && i < start + 4).map((i) => i - start);
    collector.add(start, rows, lf.bind(view), lf.vote);
  }
  return collector.result((index) => ({ id: `id${index}`, text: texts[index] }));
}

describe('previewSample', () => {
  it('keeps every dev item, never a canary item, and samples the rest with a fixed seed', () => {
    const many = new Uint8Array(1000).map((_, i) => (i % 10 === 0 ? Split.dev : i % 10 === 1 ? Split.canary : Split.train));
    const sample = previewSample(many, 300);
    expect(sample.length).toBe(300);
    expect(Array.from(sample).filter((i) => many[i] === Split.dev)).toHaveLength(100);
    expect(Array.from(sample).some((i) => many[i] === Split.canary)).toBe(false);
    expect(Array.from(sample)).toEqual([...sample].sort((a, b) => a - b));
    expect(previewSample(many, 300)).toEqual(sample);
    expect(previewSample(many, 5000)).toHaveLength(900);
  });
});

describe('PreviewCollector', () => {
  it('counts coverage, votes per class and dev accuracy on the sample, leaving canary out', () => {
    const preview = run(previewSample(splits, 100));
    // Sample: the six non-canary items; "free" hits 0 (dev spam), 4 (dev ham), 6 (train).
    expect(preview.sampled).toBe(6);
    expect(preview.hits).toBe(3);
    expect(preview.coverage).toBeCloseTo(0.5);
    expect(preview.votesPerClass).toEqual([0, 3]);
    expect(preview.dev).toMatchObject({ labelled: 3, votes: 2, correct: 1, accuracy: 0.5, hitsByGold: [1, 1] });
    expect(preview.examples.map((e) => e.text)).toEqual(['free money', 'free free', 'free stuff']);
    expect(preview.examples.map((e) => e.gold)).toEqual([1, 0, NO_LABEL]);
    expect(preview.examples.some((e) => e.text === 'FREE gift')).toBe(false);
  });

  it('skips a canary row even when a caller passes one', () => {
    const preview = run(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(preview.sampled).toBe(6);
    expect(preview.hits).toBe(3);
  });

  it('spreads the examples over the hits instead of taking the first ones', () => {
    const preview = run(previewSample(splits, 100), 2);
    expect(preview.examples.map((e) => e.index)).toEqual([0, 4]);
  });

  it('has no dev accuracy when the LF hits no labelled dev item', () => {
    const lf = compileLf({ ...free, condition: { kind: 'keyword', keywords: ['cool'], match: 'any', wholeWord: true, caseSensitive: false } }, { classCount: 2, fields: [] });
    const collector = new PreviewCollector({ classCount: 2, datasetItems: 8, eligible: 6, splits, gold });
    collector.add(0, [0, 1, 3, 4, 5, 6], lf.bind(new ChunkView({ text: texts, fields: {} })), 1);
    const preview = collector.result((index) => ({ id: String(index), text: texts[index] }));
    expect(preview.hits).toBe(0);
    expect(preview.dev.accuracy).toBeNull();
    expect(preview.examples).toEqual([]);
  });
});
