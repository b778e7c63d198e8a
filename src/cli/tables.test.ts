import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The table commands end to end: the real CLI process, real CSV files (halves of the bundled wine sample).
const root = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'sift-tables-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const sift = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', ...args], { encoding: 'utf8', cwd: root });

const lines = readFileSync(join(root, 'public/sample/tabular/wine.csv'), 'utf8').trimEnd().split('\n');
const first = join(scratch, 'a.csv');
const second = join(scratch, 'b.csv');
writeFileSync(first, [lines[0], ...lines.slice(1, 90)].join('\n'));
writeFileSync(second, [lines[0], ...lines.slice(90)].join('\n'));

describe('sift drift / fidelity / profile / smote', () => {
  it('drift prints the issue’s JSON shape', () => {
    const child = sift('drift', '--reference', first, '--current', second);
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    expect(Object.keys(report)).toEqual(['columns', 'share_drifted', 'dataset_drift', 'skipped']);
    expect(report.columns.alcohol).toMatchObject({ test: 'ks', drift: true });
    expect(typeof report.columns.alcohol.p_value).toBe('number');
    expect(report.columns.id).toBeUndefined();
  });

  it('fidelity prints scores, pairs, tails, coverage and detection', () => {
    const child = sift('fidelity', '--real', first, '--synthetic', second);
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout);
    for (const key of ['column_shapes', 'column_pair_trends', 'quality', 'columns', 'pairs', 'tails', 'coverage', 'detection']) expect(report).toHaveProperty(key);
    expect(report.pairs).toHaveLength((14 * 13) / 2);
    expect(report.columns.alcohol.metric).toBe('KSComplement');
  });

  it('profile honours a type override; smote writes a batch with the real columns', () => {
    const profile = JSON.parse(sift('profile', '--table', first, '--type', 'magnesium=categorical').stdout);
    expect(profile.types.magnesium).toBe('categorical');
    expect(profile.types.alcohol).toBe('numeric');
    const out = join(scratch, 'syn.csv');
    const smote = sift('smote', '--table', first, '--label', 'cultivar', '--per-class', '10', '--out', out);
    expect(smote.status).toBe(0);
    const written = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(written[0]).toBe(lines[0]);
    expect(written).toHaveLength(1 + 20);
  });

  it('bad arguments and files are named', () => {
    const missing = sift('drift', '--reference', join(scratch, 'nope.csv'), '--current', second);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--reference .*nope\.csv: no such file/);
    expect(sift('fidelity', '--real', first).stderr).toMatch(/needs --real A.csv and --synthetic B.csv/);
  });
});
