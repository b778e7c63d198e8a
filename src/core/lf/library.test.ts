import { describe, expect, it } from 'vitest';
import { buildLibrary, LIBRARY_FORMAT, parseLibrary, planImport, type ImportTarget, type LibrarySource } from './library';
import type { LfDef } from './types';
import { lfVersion } from './version';

const byAuthor: LfDef = { id: 'a', name: 'bot author', vote: 1, condition: { kind: 'and', conditions: [{ kind: 'metadata', field: 'AUTHOR', values: ['bot'] }, { kind: 'keyword', keywords: ['free'], match: 'any', wholeWord: true, caseSensitive: false }] } };
const links: LfDef = { id: 'b', name: 'links', vote: 1, condition: { kind: 'regex', pattern: 'https?://', flags: 'i' } };
const song: LfDef = { id: 'c', name: 'song', vote: 0, condition: { kind: 'keyword', keywords: ['song'], match: 'any', wholeWord: true, caseSensitive: false } };
const sources: LibrarySource[] = [
  { kind: 'lf', name: 'bot author', definition: byAuthor },
  { kind: 'lf', name: 'links', definition: links },
  { kind: 'lf', name: 'song', definition: song },
  { kind: 'js-lf', name: 'short', definition: { id: 'd', name: 'short', source: '(item) => item.text.length < 5 ? 0 : -1' } },
];
const file = () => JSON.stringify(buildLibrary(sources, ['ham', 'spam'], { name: 'youtube', fields: ['AUTHOR', 'DATE'] }, '2026-11-29T00:00:00Z'));
const target = (over: Partial<ImportTarget> = {}): ImportTarget => ({ classes: ['ham', 'spam'], fields: ['AUTHOR'], existing: [], itemIds: new Set(), ...over });

describe('LF library', () => {
  it('round-trips: votes as class names, mapped back by name', () => {
    const library = parseLibrary(file());
    expect(library.lfs.map((lf) => (lf.kind === 'rule' ? lf.vote : 'js'))).toEqual(['spam', 'spam', 'ham', 'js']);
    const plan = planImport(library, target());
    expect(plan.add.map((lf) => lf.name)).toEqual(['bot author', 'links', 'song', 'short']);
    expect(plan.add[0].definition).toEqual({ name: 'bot author', vote: 1, condition: byAuthor.condition });
  });

  it('maps classes by name when the target orders them differently', () => {
    const rules = { ...parseLibrary(file()), lfs: parseLibrary(file()).lfs.filter((lf) => lf.kind === 'rule') };
    const plan = planImport(rules, target({ classes: ['spam', 'other', 'ham'] }));
    expect(plan.add.map((lf) => (lf.kind === 'lf' ? lf.definition.vote : -1))).toEqual([0, 0, 2]);
    // A class that differs only in case is the same class, unless two classes would match.
    expect(planImport(rules, target({ classes: ['HAM', 'SPAM'] })).add.map((lf) => (lf.kind === 'lf' ? lf.definition.vote : -1))).toEqual([1, 1, 0]);
    expect(() => planImport(rules, target({ classes: ['Spam', 'SPAM', 'ham'] }))).toThrow(/votes "spam", a class this dataset does not have/);
  });

  it('refuses the whole file, naming each LF and the missing field or class', () => {
    const attempt = () => planImport(parseLibrary(file()), target({ classes: ['ham', 'junk'], fields: [] }));
    expect(attempt).toThrow(/Nothing was imported: 3 of 4 LFs do not fit this dataset/);
    expect(attempt).toThrow(/LF "bot author" votes "spam", a class this dataset does not have \(its classes: ham, junk\)/);
    expect(attempt).toThrow(/LF "short" is JavaScript and returns class numbers meaning 0 = ham, 1 = spam; this dataset's classes are 0 = ham, 1 = junk/);
    const noAuthor = () => planImport(parseLibrary(file()), target({ fields: ['DATE'] }));
    expect(noAuthor).toThrow(/LF "bot author" reads "AUTHOR", which is not a field of this dataset \(fields: text, DATE\)/);
    expect(noAuthor).toThrow(/1 of 4 LFs/);
  });

  it('skips an LF the dataset already has unchanged', () => {
    const plan = planImport(parseLibrary(file()), target({ existing: [{ name: 'links', version: lfVersion(links) }] }));
    expect(plan.unchanged).toEqual(['links']);
    expect(plan.add).toHaveLength(3);
  });

  it('checks similarity examples exist in the target', () => {
    const similar: LibrarySource = { kind: 'lf', name: 'like x', definition: { id: 'e', name: 'like x', vote: 1, condition: { kind: 'similarity', exampleIds: ['x1'], threshold: 0.5 } } };
    const text = JSON.stringify(buildLibrary([similar], ['ham', 'spam'], { name: 'd', fields: [] }));
    expect(() => planImport(parseLibrary(text), target())).toThrow(/LF "like x" compares items with example item "x1", not in this dataset/);
    expect(planImport(parseLibrary(text), target({ itemIds: new Set(['x1']) })).add).toHaveLength(1);
  });

  it('says what is wrong with a file that is not a library', () => {
    expect(() => parseLibrary('{')).toThrow(/not JSON/);
    expect(() => parseLibrary('{"format":"sift-pipeline-spec"}')).toThrow(/not a Sift LF library/);
    expect(() => parseLibrary(JSON.stringify({ format: LIBRARY_FORMAT, version: 9 }))).toThrow(/version 9, newer than this Sift reads/);
    expect(() => parseLibrary(JSON.stringify({ format: LIBRARY_FORMAT, version: 1, classes: ['a'], lfs: [{ kind: 'rule', name: 'x', vote: 3, condition: {} }] }))).toThrow(/lfs\.0\.vote: expected string, got 3/);
    const badRegex = JSON.stringify({ format: LIBRARY_FORMAT, version: 1, classes: ['a'], lfs: [{ kind: 'rule', name: 'x', vote: 'a', condition: { kind: 'regex', pattern: '(' } }] });
    expect(() => planImport(parseLibrary(badRegex), target({ classes: ['a'] }))).toThrow(/LF "x": condition\.pattern \/\(\/ does not compile/);
  });
});
