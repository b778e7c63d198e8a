import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from './pipeline';

const root = join(import.meta.dirname, '../..');
const wrench = join(root, 'public/sample/wrench_youtube');
const scratch = mkdtempSync(join(tmpdir(), 'sift-pipeline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Split = { accuracy: number; macro_f1: number; f1: number | null; coverage: number; ece: number; brier: number };
type Result = Record<'label_model' | 'student' | 'student_calibrated', { valid: Split; test: Split }>;

let result: Result;
beforeAll(async () => {
  result = (await pipeline({ wrench, method: 'auto', student: 'linear', seed: 0 })) as unknown as Result;
}, 180_000);

describe('sift pipeline on WRENCH youtube', () => {
  it('reports every model on valid and test with the six metrics', () => {
    for (const model of ['label_model', 'student', 'student_calibrated'] as const) {
      for (const split of ['valid', 'test'] as const) {
        expect(Object.keys(result[model][split]).sort()).toEqual(['accuracy', 'brier', 'coverage', 'ece', 'f1', 'macro_f1']);
      }
    }
    expect(result.student.test.coverage).toBe(1);
    expect(result.label_model.test.coverage).toBeCloseTo(0.928, 10);
  });

  it('the student beats its label model and reaches the published end model (94.4 %); calibrated ECE ≤ 0.05', () => {
    expect(result.student.test.accuracy).toBeGreaterThan(result.label_model.test.accuracy);
    expect(result.student.test.accuracy).toBeGreaterThanOrEqual(0.944);
    expect(result.student_calibrated.test.ece).toBeLessThanOrEqual(0.05);
    // Temperature scaling keeps the ranking, so the calibrated student labels the same way.
    expect(result.student_calibrated.test.accuracy).toBe(result.student.test.accuracy);
  });

  it('runs as a command and is deterministic given --seed (same JSON as in-process)', () => {
    const out = join(scratch, 'pipeline.json');
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', 'pipeline', '--wrench', wrench, '--seed', '0', '--out', out], { encoding: 'utf8', cwd: root });
    expect(child.status, child.stderr.slice(-2000)).toBe(0);
    const printed = JSON.parse(child.stdout);
    expect(printed).toEqual(JSON.parse(JSON.stringify(result)));
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(printed);
  }, 180_000);

  it('explains bad usage', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', 'pipeline', '--wrench', wrench, '--student', 'forest'], { encoding: 'utf8', cwd: root });
    expect(child.status).toBe(2);
    expect(child.stderr).toMatch(/--student must be one of linear, mlp/);
  });
});
