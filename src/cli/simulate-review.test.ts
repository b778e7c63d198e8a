import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const wrench = join(root, 'public/sample/wrench_youtube');
const sift = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sift.ts', 'simulate-review', '--wrench', wrench, ...args], { encoding: 'utf8', cwd: root });

type Point = { labels: number; test: { accuracy: number; macro_f1: number; f1: number | null }; chosen?: string };

describe('sift simulate-review', () => {
  it('refits a student by default: one point per step with every test metric and the model dev chose', () => {
    const child = sift('--budget', '10', '--step', '10', '--metric', 'accuracy');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout) as { metric: string; start: number; end: number; curve: Point[] };
    expect(out.curve.map((p) => p.labels)).toEqual([0, 10]);
    for (const p of out.curve) {
      expect(Object.keys(p.test).sort()).toEqual(['accuracy', 'f1', 'macro_f1']);
      expect(['student', 'label_model']).toContain(p.chosen);
    }
    expect(out.start).toBe(out.curve[0].test.accuracy);
    // The published end model on this split is 94.4 %; the label models reach 84–88 %.
    expect(Math.max(...out.curve.map((p) => p.test.accuracy))).toBeGreaterThan(0.84);
  }, 120_000);

  it('--student none refits the label model alone; a bad choice is named', () => {
    const child = sift('--budget', '10', '--step', '10', '--student', 'none');
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout) as { curve: Point[] };
    expect(out.curve.map((p) => p.labels)).toEqual([0, 10]);
    expect(out.curve[0].chosen).toBeUndefined();
    const bad = sift('--student', 'forest');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--student must be one of linear, mlp, none; got "forest"');
  }, 120_000);
});
