import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles } from './imports';
import { KNOWN_VIOLATIONS } from './known';
import { rules } from './rules';

const root = join(import.meta.dirname, '../..');
const files = sourceFiles(root, ['src', 'workers', 'bench', 'models', 'scripts']);
const violations = files.flatMap((file) =>
  importsOf(root, file).flatMap((edge) => rules.filter((rule) => rule.applies(file) && rule.forbids(edge)).map((rule) => `${file} → ${edge.specifier}  [${rule.name}]`)),
);

describe('import rules (DESIGN.md layers)', () => {
  it('finds the source files and their imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf(root, 'src/data/db.ts').some((e) => e.target === 'dexie')).toBe(true);
  });

  it('no file breaks a rule, other than the known violations being moved out', () => {
    const known = new Set(KNOWN_VIOLATIONS);
    expect(violations.filter((v) => !known.has(v)), 'new violations: fix them, do not list them').toEqual([]);
  });

  it('the list of known violations only holds ones that still exist (remove fixed ones)', () => {
    const current = new Set(violations);
    expect(KNOWN_VIOLATIONS.filter((v) => !current.has(v))).toEqual([]);
  });

  it('catches a forbidden import when one is written', () => {
    const edge = { from: 'src/core/x.ts', specifier: 'dexie', target: 'dexie', typeOnly: false };
    expect(rules.filter((r) => r.applies(edge.from) && r.forbids(edge)).length).toBeGreaterThan(0);
    const viewWrite = { from: 'src/ui/views/X.tsx', specifier: '../../data/labels', target: 'src/data/labels', typeOnly: false };
    expect(rules.some((r) => r.applies(viewWrite.from) && r.forbids(viewWrite))).toBe(true);
    const viewType = { ...viewWrite, typeOnly: true };
    expect(rules.some((r) => r.applies(viewType.from) && r.forbids(viewType))).toBe(false);
    const mlUp = { from: 'src/ml/student/train.ts', specifier: '../../../workers/student/run-student', target: 'workers/student/run-student', typeOnly: true };
    expect(rules.some((r) => r.applies(mlUp.from) && r.forbids(mlUp))).toBe(true);
    const cliMl = { from: 'src/cli/pipeline.ts', specifier: '../ml/student/search', target: 'src/ml/student/search', typeOnly: false };
    expect(rules.some((r) => r.applies(cliMl.from) && r.forbids(cliMl))).toBe(false);
  });
});
