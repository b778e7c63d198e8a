import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from './csv-file';
import { labelIssuesReport } from './label-issues';

const dir = mkdtempSync(join(tmpdir(), 'sift-label-issues-'));
function report(probs: string, labels: string) {
  writeFileSync(join(dir, 'P.csv'), probs);
  writeFileSync(join(dir, 'L.csv'), labels);
  return labelIssuesReport(readCsvFile(join(dir, 'P.csv'), 'probs'), readCsvFile(join(dir, 'L.csv'), 'labels'));
}

const probs = 'id,ham,spam\na,0.9,0.1\nb,0.8,0.2\nc,0.2,0.8\nd,0.1,0.9\ne,0.3,0.7\nf,0.7,0.3\n';
const labels = 'id,label,note\nf,spam,\na,ham,x\nb,ham,\nc,ham,\nd,spam,\ne,1,\nz,ham,extra ids are ignored\n';

describe('sift label-issues', () => {
  it('ranks every id and flags the confident-learning issues, joining labels by id (class names or numbers)', () => {
    const out = report(probs, labels);
    expect(out.ranked).toEqual(['c', 'f', 'e', 'b', 'a', 'd']);
    expect(out.flagged).toEqual(['c', 'f']);
    expect(out.confident_joint).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(out.issues[0]).toEqual({ id: 'c', given: 'ham', predicted: 'spam', self_confidence: 0.2, normalized_margin: 0.2 });
  });

  it('names the row whose probabilities do not sum to 1', () => {
    expect(() => report(probs.replace('b,0.8,0.2', 'b,0.8,0.25'), labels)).toThrow('P.csv line 3 (id "b"): probabilities sum to 1.05, not 1 (±0.001).');
  });

  it('names the row with the wrong number of columns', () => {
    expect(() => report(probs.replace('d,0.1,0.9', 'd,0.1,0.9,0'), labels)).toThrow('P.csv: line 5 has 4 fields, expected 3');
  });

  it('names the row whose id has no label, and a label that is no class', () => {
    expect(() => report(probs, labels.replace('d,spam,\n', ''))).toThrow('P.csv line 5 (id "d"): id "d" has no label in L.csv.');
    expect(() => report(probs, labels.replace('e,1,', 'e,eggs,'))).toThrow('L.csv line 7 (id "e"): label "eggs" is not one of the classes in P.csv (ham, spam) nor a class number 0..1.');
  });

  it('refuses a probability file without an id column or with a non-number', () => {
    expect(() => report(probs.replace('id,', 'key,'), labels)).toThrow(/first column must be "id"/);
    expect(() => report(probs.replace('a,0.9', 'a,high'), labels)).toThrow('P.csv line 2 (id "a"): "high" in column "ham" is not a number.');
  });
});
