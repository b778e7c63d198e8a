import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { readColumn } from './columns';
import { useDatabase } from './db';
import { loadLabelState } from './labels';
import { listSources, readVoteMatrix } from './sources';
import { readSplits } from './splits';
import { importWrench, WRENCH_ID_FIELD } from './wrench-import';

const dir = join(__dirname, '../../public/sample/wrench_youtube');
const sample = (name: string) => new File([readFileSync(join(dir, name))], name);
const sampleFiles = () => ['label.json', 'train.json', 'valid.json', 'test.json', 'readme.txt'].map(sample);

let dbCount = 0;
let database = useDatabase('wrench-test-0');
beforeEach(() => {
  database = useDatabase(`wrench-test-${++dbCount}`);
});

async function counts() {
  return {
    datasets: await database.datasets.count(),
    chunks: await database.chunks.count(),
    columns: await database.columns.count(),
    labelEvents: await database.labelEvents.count(),
    sources: await database.sources.count(),
  };
}

const nothing = { datasets: 0, chunks: 0, columns: 0, labelEvents: 0, sources: 0 };

function json(name: string, value: unknown) {
  return new File([JSON.stringify(value)], name);
}

function tiny(overrides: Record<string, unknown> = {}) {
  const item = (label: number, weak: unknown[]) => ({ label, weak_labels: weak, data: { text: `t${label}`, extra: { a: 1 } } });
  const files: Record<string, unknown> = {
    'label.json': { 0: 'no', 1: 'yes' },
    'train.json': { 0: item(0, [0, -1]), 1: item(1, [1, 1]) },
    'valid.json': { 0: item(1, [1, -1]) },
    'test.json': { 0: item(0, [-1, 0]) },
    ...overrides,
  };
  return Object.entries(files).filter(([, v]) => v !== undefined).map(([name, v]) => json(name, v));
}

describe('importWrench', () => {
  it('imports the youtube sample: pool, dev and canary, gold as import labels, one source per LF with its votes', async () => {
    const dataset = await importWrench({ datasetId: 'yt', name: 'WRENCH youtube', files: sampleFiles() });
    expect(dataset.itemCount).toBe(1956);
    expect(dataset.classes.map((c) => c.name)).toEqual(['HAM', 'SPAM']);
    expect(dataset.tieKeyField).toBe(WRENCH_ID_FIELD);
    const splits = await readSplits(dataset);
    const per = [0, 0, 0];
    for (const s of splits) per[s]++;
    expect(per).toEqual([1586, 120, 250]);
    const { state } = await loadLabelState('yt', dataset.itemCount);
    const valid = JSON.parse(readFileSync(join(dir, 'valid.json'), 'utf8'));
    const test = JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8'));
    expect(state.label[1586]).toBe(valid['0'].label);
    expect(state.label[1586 + 120 + 249]).toBe(test['249'].label);
    expect(state.label[0]).toBe(-1);
    let labelled = 0;
    for (let i = 0; i < dataset.itemCount; i++) if (state.label[i] >= 0) labelled++;
    expect(labelled).toBe(370);
    const sources = await listSources('yt');
    expect(sources.map((s) => s.name)).toEqual([
      'keyword_my', 'keyword_subscribe', 'keyword_link', 'keyword_please', 'keyword_song',
      'regex_check_out', 'short_comment', 'has_person_nlp', 'textblob_polarity', 'textblob_subjectivity',
    ]);
    expect(sources.every((s) => s.kind === 'imported' && s.version?.startsWith('imported-'))).toBe(true);
    const votes = await readVoteMatrix(dataset, sources.map((s) => s.id));
    expect(Array.from(votes.subarray((1586 + 120 + 7) * 10, (1586 + 120 + 8) * 10))).toEqual(test['7'].weak_labels);
    const ids = await database.chunks.get(['yt', 0]);
    expect(ids!.ids[1586]).toBe('valid/0');
    expect(ids!.fields[WRENCH_ID_FIELD][1586]).toBe('0');
    expect(splits[1586]).toBe(Split.dev);
  });

  it('keeps other data fields as text (objects as JSON) and names sources by column without a readme', async () => {
    const dataset = await importWrench({ datasetId: 't', name: 't', files: tiny() });
    expect(dataset.fields).toEqual([WRENCH_ID_FIELD, 'extra']);
    const chunk = await database.chunks.get(['t', 0]);
    expect(chunk!.fields.extra[0]).toBe('{"a":1}');
    expect((await listSources('t')).map((s) => s.name)).toEqual(['weak_labels[0]', 'weak_labels[1]']);
    expect(Array.from(await readColumn(dataset, `votes:t-wrench-1`, Int8Array))).toEqual([-1, 1, -1, 0]);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a missing split file', { 'test.json': undefined }, /lacks test\.json/],
    ['a label.json that disagrees with the labels', { 'label.json': { 0: 'no' , 1: 'yes' }, 'valid.json': { 0: { label: 2, weak_labels: [1, 1], data: { text: 'x' } } } }, /label 2 is not one of the 2 classes/],
    ['ragged rows', { 'valid.json': { 0: { label: 1, weak_labels: [1], data: { text: 'x' } } } }, /1 weak labels, but the other splits have 2/],
    ['votes out of range', { 'train.json': { 0: { label: 0, weak_labels: [0, 5], data: { text: 'x' } } } }, /vote 5 is outside the classes 0…1/],
    ['non-integer votes', { 'train.json': { 0: { label: 0, weak_labels: [0.5, 1], data: { text: 'x' } } } }, /vote 0.5 is not a whole number/],
    ['an item without text', { 'test.json': { 0: { label: 0, weak_labels: [0, 1], data: { body: 'x' } } } }, /no data\.text/],
  ];
  for (const [what, overrides, message] of bad) {
    it(`refuses ${what} with a specific message and writes nothing`, async () => {
      await expect(importWrench({ datasetId: 'bad', name: 'bad', files: tiny(overrides) })).rejects.toThrow(message);
      expect(await counts()).toEqual(nothing);
    });
  }
});
