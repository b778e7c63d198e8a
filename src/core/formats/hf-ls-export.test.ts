import { describe, expect, it } from 'vitest';
import { cardImportPlan, classLabelValues, looksLikeDatasetCard, parseDatasetCard, writeDatasetCard } from './hf-card';
import { isLabelStudio, labelStudioRecords } from './label-studio';
import { labelStudioTask, LabelStudioWriter, type TaskInput } from './label-studio-export';

const input = (over: Partial<TaskInput>): TaskInput => ({ id: 'a', text: 'hi', fields: { author: 'x' }, label: null, labelSource: null, labeledAt: null, split: 'train', model: null, ...over });

describe('Label Studio export', () => {
  it('writes tasks that Sift’s Label Studio import reads back: human label as annotation, model as prediction', () => {
    const writer = new LabelStudioWriter();
    const text =
      writer.block([labelStudioTask(input({ id: 'a', label: 'spam', labelSource: 'you', model: { label: 'ham', confidence: 0.7, run: 'run-1' } }))]) +
      writer.block([labelStudioTask(input({ id: 'b', text: '=1+1', model: { label: 'spam', confidence: 0.9, run: 'run-1' } })), labelStudioTask(input({ id: 'c' }))]) +
      writer.end();
    const tasks = JSON.parse(text);
    expect(tasks).toHaveLength(3);
    expect(isLabelStudio(tasks)).toBe(true);
    const records = labelStudioRecords(tasks);
    expect(records.map((r) => [r.sift_id, r.text, r.label, r.prediction])).toEqual([
      ['a', 'hi', 'spam', 'ham'],
      ['b', '=1+1', '', 'spam'],
      ['c', 'hi', '', ''],
    ]);
    expect(tasks[0].predictions[0]).toMatchObject({ model_version: 'run-1', score: 0.7 });
  });

  it('an empty export is an empty array', () => {
    expect(JSON.parse(new LabelStudioWriter().end())).toEqual([]);
  });
});

describe('Hugging Face dataset card', () => {
  it('round-trips features, ClassLabel names and splits', () => {
    const card = {
      features: [{ name: 'text', dtype: 'string' }, { name: 'label', classNames: ['ham', 'spam', 'other: "x"'] }, { name: 'p_ham', dtype: 'float64' }],
      splits: [{ name: 'train', numExamples: 10 }, { name: 'test', numExamples: 3 }],
    };
    const text = writeDatasetCard(card, 'My set', 'Exported by Sift.');
    expect(looksLikeDatasetCard(text)).toBe(true);
    expect(text).toContain("'0': ham");
    expect(parseDatasetCard(text)).toEqual(card);
  });

  it('reads the Hub’s own shapes: class_label names as a list, several configs', () => {
    const hub = `---\nlicense: cc-by-4.0\ndataset_info:\n- config_name: plain\n  features:\n  - name: sms\n    dtype: string\n  - name: label\n    dtype:\n      class_label:\n        names:\n        - legit\n        - spam\n  splits:\n  - name: train\n    num_examples: 5574\n---\n# SMS\n`;
    expect(parseDatasetCard(hub)).toEqual({ features: [{ name: 'sms', dtype: 'string' }, { name: 'label', classNames: ['legit', 'spam'] }], splits: [{ name: 'train', numExamples: 5574 }] });
  });

  it('refuses cards it cannot use, saying why', () => {
    expect(() => parseDatasetCard('# just a readme')).toThrow('no YAML front matter');
    expect(() => parseDatasetCard('---\nlicense: mit\n---\n')).toThrow('no dataset_info.features');
    expect(() => parseDatasetCard('---\ndataset_info: [\n---\n')).toThrow('not valid YAML');
    expect(() => parseDatasetCard("---\ndataset_info:\n  features:\n  - name: label\n    dtype:\n      class_label:\n        names:\n          '0': a\n          '2': b\n---\n")).toThrow('skip an index');
    expect(looksLikeDatasetCard('# readme\ndataset_info:')).toBe(false);
  });
});

describe('importing a Hugging Face dataset folder', () => {
  const card = { features: [{ name: 'text', dtype: 'string' }, { name: 'label', classNames: ['ham', 'spam'] }], splits: [] };
  it('takes the ClassLabel column and its names, and the data files train first', () => {
    const plan = cardImportPlan(card, ['sms/README.md', 'sms/.gitattributes', 'sms/data/test-00000-of-00001.parquet', 'sms/data/train-00000-of-00001.parquet', 'sms/data/validation-00000-of-00001.parquet']);
    expect(plan).toEqual({ labelColumn: 'label', classNames: ['ham', 'spam'], dataFiles: ['sms/data/train-00000-of-00001.parquet', 'sms/data/validation-00000-of-00001.parquet', 'sms/data/test-00000-of-00001.parquet'] });
    expect(classLabelValues(plan.classNames)).toEqual({ '0': 0, '1': 1, ham: 0, spam: 1 });
  });
  it('takes only the data/ folder when there is one (a lineage or notes beside the card are not data)', () => {
    expect(cardImportPlan(card, ['x/README.md', 'x/sift-lineage.json', 'x/data/train-00000-of-00001.parquet']).dataFiles).toEqual(['x/data/train-00000-of-00001.parquet']);
    expect(cardImportPlan(card, ['README.md', 'train.csv', 'test.csv']).dataFiles).toEqual(['train.csv', 'test.csv']);
  });
  it('says so when the card has no data beside it', () => {
    expect(() => cardImportPlan(card, ['README.md', '.gitattributes'])).toThrow('no data files');
  });
});
